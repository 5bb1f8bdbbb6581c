#!/bin/sh
# The interface driven in tmux: open, move, read, next article, next unread, flag, tag with
# completion, untag, filters (office, division, search, the filter language and a bad query),
# the * prefix, save a view, mark all read, help, quit. After each step that changes state
# the database is checked through the command line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui_lib.sh"

DB="$T/warta.db"
ui_seed "$DB" || { fail "fixture archive seeded"; finish; }
MADIUN=$(id_of "Kota Madiun Ajak Mahasiswa")
BIMTEK=$(id_of "Bimbingan Teknis Tata Kerja")
SOSIALISASI=$(id_of "Sosialisasi Pemilih Pemula")
# An existing tag, for completion.
"$WARTA" --db "$DB" tag "$(id_of "Cek Gudang")" pilkada-serentak >/dev/null

ui_start NO_COLOR=1 -- --db "$DB" || { fail "tmux starts"; finish; }

# ---- the first screen
check "first screen shows All news with counts" ui_wait "12/12     All news"
scr=$(ui_screen)
check "the KPU RI group" contains "$scr" "KPU RI"
prov=$(ui_row_of "KPU Provinsi Jawa Tengah"); kab=$(ui_row_of "KPU Kabupaten Sukoharjo")
kota=$(ui_row_of "KPU Kota Semarang"); group=$(ui_row_of " Jawa Tengah")
check "province heading, then its provincial office, then kabupaten/kota" \
	test "$group" -lt "$prov" -a "$prov" -lt "$kab" -a "$kab" -lt "$kota"
check "Jawa Tengah counts its offices (7 articles)" contains "$scr" "7/7      Jawa Tengah"
check "media sources grouped" contains "$scr" "Suara Pemilu"
check "the failing source is marked" contains "$scr" "failing"

# ---- the article list
ui_keys Enter
check "list opens with counts on the status line" ui_wait "12 articles, 12 unread"
check "the newest article is selected" ui_wait_focus "Jadwal Pemutakhiran"
ui_keys j
check "j moves down" ui_wait "Evaluasi Distribusi" 1 && check "j selects the next row" ui_wait_focus "Evaluasi Distribusi"
ui_keys 3 j
check "a count repeats the move (3j)" ui_wait_focus "Sosialisasi Pemilih Pemula"
ui_keys k
check "k moves up" ui_wait_focus "Bimbingan Teknis"

# ---- reading
ui_keys Enter
check "the article opens with its header" ui_wait "Title: KPU Sukoharjo Bimbingan Teknis"
scr=$(ui_screen)
check "header: office" contains "$scr" "Office: KPU Kabupaten Sukoharjo"
check "header: date" contains "$scr" "Date: 2025-06-09"
check "header: division with evidence" contains "$scr" "Divisions: TEKNIS"
check "header: link" contains "$scr" "Link: https://kab-sukoharjo.kpu.go.id/blog/read/bimtek-ppk-pps"
check "the body is shown" contains "$scr" "bimbingan teknis tata kerja"
check "opening marks read (database)" test "$(article_field "$BIMTEK" read)" = True
ui_keys J
check "J opens the next article" ui_wait "Title: Sosialisasi Pemilih Pemula"
check "J marks it read (database)" test "$(article_field "$SOSIALISASI" read)" = True
ui_keys q
check "q goes back to the list, counts follow" ui_wait "12 articles, 10 unread"
check "the list cursor followed J" ui_wait_focus "Sosialisasi Pemilih Pemula"
ui_keys n
check "n goes to the next unread" ui_wait_focus "Kota Madiun Ajak Mahasiswa"

# ---- state: read, flag, tags
ui_keys N
check "N marks read" ui_wait "9 unread"
check "N is stored (database)" test "$(article_field "$MADIUN" read)" = True
ui_keys N
check "N again marks unread" ui_wait "10 unread"
check "N again is stored (database)" test "$(article_field "$MADIUN" read)" = False
ui_keys f
check "f flags" ui_wait "flagged"
check "f is stored (database)" test "$(article_field "$MADIUN" flagged)" = True
ui_keys t
check "t asks for a tag" ui_wait "tag:"
ui_type "pil"
ui_keys Tab
check "Tab completes an existing tag" ui_wait "tag: pilkada-serentak"
ui_keys Enter
check "tag confirmed" ui_wait 'tagged "pilkada-serentak"'
check "tag is stored (database)" test "$(article_field "$MADIUN" tags)" = pilkada-serentak
ui_keys T
check "T asks which tag" ui_wait "remove tag:"
ui_type "p"
ui_keys Tab Enter
check "untag confirmed" ui_wait 'tag "pilkada-serentak" removed'
check "untag is stored (database)" test -z "$(article_field "$MADIUN" tags)"

# ---- filters
ui_keys o
check "o opens the office chooser" ui_wait "Choose an office"
ui_type "sukoharjo"
check "typing narrows the offices" ui_wait "(1 matches"
ui_keys Enter
check "office filter applied" ui_wait "2 articles"
scr=$(ui_screen)
check "status line shows the office filter" contains "$scr" "office:kab-sukoharjo"
check "only that office's articles" sh -c 'test "$(printf "%s\n" "$1" | grep -c "Sukoharjo")" -ge 2 &&
	! printf "%s\n" "$1" | grep -q "Kota Madiun"' - "$scr"
ui_keys L
check "L clears the filter" ui_wait "12 articles"
ui_keys d
check "d opens the division chooser" ui_wait "Choose a division"
ui_type "hukum"
ui_keys Enter
check "division filter applied" ui_wait "2 articles"
scr=$(ui_screen)
check "division filter: Rakernas Hukum" contains "$scr" "Rapat Kerja Nasional"
check "division filter: audiensi Bawaslu" contains "$scr" "Audiensi Bawaslu"
# The * prefix: flag every article in this view.
ui_keys '*' f
check "* f reports the change" ui_wait "2 articles changed"
check "* f flagged every article in the view (database)" \
	test "$(count_query 'is:flagged division:hukum')" -eq 2
ui_keys L /
check "/ prompts for a search" ui_wait "/"
ui_type "hujan"
ui_keys Enter
check "full-text search" ui_wait "1 article,"
check "search finds the article" contains "$(ui_screen)" "Cek Gudang Logistik"
ui_keys L l
check "l prompts for a filter" ui_wait "filter:"
ui_type "office:kota-semarang is:unread"
ui_keys Enter
check "query-language filter applied" ui_wait "2 articles, 2 unread"
ui_keys l C-u
ui_type 'office:kota-semarang (is:flagged'
ui_keys Enter
check "a bad query is reported" ui_wait "bad filter"
sleep 0.3
scr=$(ui_screen)
check "the previous filter is kept" sh -c 'printf "%s" "$1" | grep -q "Rapat Pleno" &&
	! printf "%s" "$1" | grep -q "Kota Madiun"' - "$scr"

# ---- save a view
ui_keys s
check "s asks for a name" ui_wait "save view as:"
ui_type "semarang-baru"
ui_keys Enter
check "view saved" ui_wait 'view "semarang-baru" saved'
check "view is stored (database)" contains "$("$WARTA" --db "$DB" views list)" "semarang-baru"
ui_keys q
check "the saved view is on the first screen" ui_wait "view: semarang-baru"
ui_keys Escape
# ---- mark all read, from a list of everything
ui_keys g Enter
check "back in All news" ui_wait "12 articles"
ui_keys A
check "A marks all read" ui_wait "10 articles marked read"
check "A is stored (database)" \
	test "$(count_query is:unread)" -eq 0

# ---- help and quit
ui_keys '?'
check "help opens" ui_wait "next-unread"
scr=$(ui_screen)
check "help lists the key with the action" sh -c 'printf "%s" "$1" | grep -Eq "^ +n +next-unread +next unread article"' - "$scr"
check "help lists tag" sh -c 'printf "%s" "$1" | grep -Eq "^ +t +tag "' - "$scr"
ui_keys q
check "q leaves help" ui_wait "12 articles"
ui_keys q
check "q goes back to the first screen" ui_wait "All news"
ui_keys q
check "q on the first screen quits" ui_wait_exit 5
status=$(ui_exit_status)
check "exit status 0 (got $status)" test "$status" = 0
finish
