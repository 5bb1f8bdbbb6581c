/* Running warta on another machine through ssh for `warta sync`: the remote command's
 * stdin and stdout are files here, its stderr is ours. No network service of our own. */
#ifndef WARTA_SYNC_H
#define WARTA_SYNC_H

#include <stddef.h>

/* Runs `$WARTA_SSH HOST 'REMOTE ARGS...'` (WARTA_SSH defaults to "ssh" and may carry
 * options separated by spaces; each argument is quoted for the remote shell). Standard
 * input comes from in_path (NULL: /dev/null), standard output goes to out_path (NULL:
 * /dev/null). Returns 0 when the remote command succeeded, -1 with a message in err. */
int sync_run_remote(const char *host, const char *remote, const char *const *args,
		    const char *in_path, const char *out_path, char *err, size_t errlen);

/* Appends word to cmd quoted for a POSIX shell ('...' with ' written as '\''). */
struct buf;
void sync_shell_quote(struct buf *cmd, const char *word);

#endif
