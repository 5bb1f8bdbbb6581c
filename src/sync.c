#include "config.h"

#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "util/buf.h"

#define SSH_WORDS_MAX 32

void sync_shell_quote(struct buf *cmd, const char *word)
{
	buf_addc(cmd, '\'');
	for (const char *p = word; *p; p++) {
		if (*p == '\'')
			buf_adds(cmd, "'\\''");
		else
			buf_addc(cmd, *p);
	}
	buf_addc(cmd, '\'');
}

/* Splits $WARTA_SSH on spaces into argv (at most SSH_WORDS_MAX words). */
static size_t ssh_words(char *line, char **argv)
{
	size_t n = 0;
	for (char *word = strtok(line, " \t"); word && n < SSH_WORDS_MAX;
	     word = strtok(NULL, " \t"))
		argv[n++] = word;
	return n;
}

static int redirect(const char *path, int fd, int flags)
{
	int opened = open(path ? path : "/dev/null", flags, 0600);
	if (opened < 0)
		return -1;
	int rc = dup2(opened, fd) < 0 ? -1 : 0;
	close(opened);
	return rc;
}

int sync_run_remote(const char *host, const char *remote, const char *const *args,
		    const char *in_path, const char *out_path, char *err, size_t errlen)
{
	struct buf cmd;
	buf_init(&cmd);
	buf_adds(&cmd, remote);
	for (size_t i = 0; args[i]; i++) {
		buf_addc(&cmd, ' ');
		sync_shell_quote(&cmd, args[i]);
	}
	const char *ssh = getenv("WARTA_SSH");
	char *line = xstrdup(ssh && *ssh ? ssh : "ssh");
	char *argv[SSH_WORDS_MAX + 3];
	size_t n = ssh_words(line, argv);
	argv[n++] = (char *)host;
	argv[n++] = cmd.data;
	argv[n] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (redirect(in_path, STDIN_FILENO, O_RDONLY) < 0 ||
		    redirect(out_path, STDOUT_FILENO, O_WRONLY | O_CREAT | O_TRUNC) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status = 0, rc = 0;
	if (pid < 0) {
		snprintf(err, errlen, _("cannot start %s: %s"), argv[0], strerror(errno));
		rc = -1;
	} else if (waitpid(pid, &status, 0) < 0) {
		snprintf(err, errlen, _("waiting for %s: %s"), argv[0], strerror(errno));
		rc = -1;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (code == 127)
			snprintf(err, errlen, _("%s or the remote %s was not found (exit 127)"),
				 argv[0], remote);
		else if (code == 255)
			snprintf(err, errlen, _("cannot reach %s through %s (exit 255)"), host,
				 argv[0]);
		else
			snprintf(err, errlen, _("the remote %s on %s failed (exit %d)"), remote,
				 host, code);
		rc = -1;
	}
	free(line);
	buf_free(&cmd);
	return rc;
}
