#!/bin/sh
# $WARTA for 'make check-valgrind': the built warta (WARTA_REAL) under valgrind memcheck.
exec "$(dirname "$0")/memcheck.sh" "${WARTA_REAL:?WARTA_REAL must name the built warta}" "$@"
