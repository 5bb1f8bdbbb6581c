#include "config.h"
#include <stdio.h>
int main(void) { puts("warta"); return 0; }
