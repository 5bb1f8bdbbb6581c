#!/bin/sh
# Opening links from the interface (driven in tmux): the URL reaches the browser as one
# argument, so ';', '$()' and backticks run nothing; javascript: and data: links are
# refused. The browser is a script that records its argv.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hostile/hostile_lib.sh"
command -v tmux > /dev/null 2>&1 || { echo "SKIP: tmux not installed"; exit 77; }
PWNED="$T/pwned"
cat > "$T/browser" <<SH
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done >> "$T/argv"
echo "--" >> "$T/argv"
SH
chmod +x "$T/browser"
# the feed: one article whose link carries shell syntax, one javascript:, one data:
evil="https://kpu.example/a;touch $PWNED;\$(touch $PWNED)\`touch $PWNED\`"
cat > "$T/feed.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Umpan</title>
<item><title>Tautan shell</title><link>$(printf '%s' "$evil" | sed 's/&/\&amp;/g')</link><pubDate>Mon, 12 May 2025 09:00:00 +0700</pubDate></item>
<item><title>Tautan javascript</title><link>javascript:alert(1)</link><guid>js</guid><pubDate>Mon, 12 May 2025 08:00:00 +0700</pubDate></item>
<item><title>Tautan data</title><link>data:text/html,hai</link><guid>data</guid><pubDate>Mon, 12 May 2025 07:00:00 +0700</pubDate></item>
</channel></rss>
XML
W sources add "$T/feed.xml" > /dev/null && W fetch > /dev/null 2>&1
S="warta-hostile-$$"
tm() { tmux -L "$S" "$@"; }
stop_tmux() { tm kill-server 2>/dev/null; }
cleanup_hooks="$cleanup_hooks stop_tmux"
screen() { tm capture-pane -p -t h; }
wait_for() { i=0; while [ $i -lt 50 ]; do screen | grep -q "$1" && return 0; sleep 0.2; i=$((i + 1)); done; return 1; }
tm -f /dev/null new-session -d -s h -x 100 -y 30 \
	"env BROWSER='$T/browser' TERM=screen '$WARTA' --config '$CONF' --db '$DB' ui; sleep 5"
wait_for "quit" || { fail "interface starts"; screen >&2; finish; }
# Enter until an article is open (the interface may start on the source tree), then open
# the three articles one after the other (J: next) with O.
for i in 1 2 3; do
	screen | grep -q "^Title:" && break
	tm send-keys -t h Enter; sleep 0.5
done
refusals=0
for title in "Tautan shell" "Tautan javascript" "Tautan data"; do
	wait_for "Title: $title" || fail "article \"$title\" shown"
	tm send-keys -t h O; sleep 0.8
	screen | grep -q "refusing to open this link" && refusals=$((refusals + 1))
	tm send-keys -t h J; sleep 0.4
done
check "shell syntax in a link ran nothing" test ! -e "$PWNED"
first=$(sed -n 1p "$T/argv")
check "the browser ran once, the URL as its one argument" \
	sh -c "[ \"\$(sed -n 2p '$T/argv')\" = -- ] && [ \$(grep -c -- '^--\$' '$T/argv') = 1 ]"
check "that argument is the whole URL, shell syntax and all" \
	sh -c "printf '%s' '$first' | grep -q ';touch.*\\\$(touch'"
check "javascript: and data: links refused with a message ($refusals)" test "$refusals" = 2
check "javascript: link never reached the browser" sh -c "! grep -q '^javascript:' '$T/argv'"
check "data: link never reached the browser" sh -c "! grep -q '^data:' '$T/argv'"
finish
