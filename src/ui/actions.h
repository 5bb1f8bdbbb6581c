/* Every action of the interface with its default keys and help text: the one table that
 * key dispatch, `bind KEY ACTION` and the help screen all read. */
#ifndef WARTA_UI_ACTIONS_H
#define WARTA_UI_ACTIONS_H

/* X(id, name, "default keys, space separated", help) */
#define UI_ACTIONS(X) \
	X(DOWN, "down", "j DOWN", N_("move down")) \
	X(UP, "up", "k UP", N_("move up")) \
	X(PAGE_DOWN, "page-down", "SPACE NPAGE ^F", N_("one screen down")) \
	X(PAGE_UP, "page-up", "PPAGE ^B -", N_("one screen up")) \
	X(FIRST, "first", "g HOME", N_("go to the first line")) \
	X(LAST, "last", "G END", N_("go to the last line")) \
	X(OPEN, "open", "ENTER RIGHT", N_("open the selected item")) \
	X(BACK, "back", "q LEFT", N_("go back (quits on the first screen)")) \
	X(QUIT, "quit", "Q", N_("quit warta")) \
	X(NEXT_UNREAD, "next-unread", "n", N_("next unread article")) \
	X(PREV_UNREAD, "prev-unread", "p", N_("previous unread article")) \
	X(NEXT_ARTICLE, "next-article", "J", N_("next article (in the article view)")) \
	X(PREV_ARTICLE, "prev-article", "K", N_("previous article (in the article view)")) \
	X(TOGGLE_READ, "toggle-read", "N", N_("mark read / unread")) \
	X(MARK_ALL_READ, "mark-all-read", "A", N_("mark every article in the view read")) \
	X(TOGGLE_FLAG, "toggle-flag", "f", N_("flag / unflag")) \
	X(TAG, "tag", "t", N_("add a tag (Tab completes)")) \
	X(UNTAG, "untag", "T", N_("remove a tag")) \
	X(CHOOSE_OFFICE, "choose-office", "o", N_("filter by office (type to narrow)")) \
	X(CHOOSE_DIVISION, "choose-division", "d", N_("filter by division")) \
	X(SEARCH, "search", "/", N_("full-text search")) \
	X(FILTER, "filter", "l", N_("set a filter in the query language")) \
	X(CLEAR_FILTER, "clear-filter", "L", N_("clear the filters")) \
	X(SAVE_VIEW, "save-view", "s", N_("save the current filter as a named view")) \
	X(FETCH_ALL, "fetch-all", "R", N_("fetch all sources in the background")) \
	X(FETCH_SOURCE, "fetch-source", "r", N_("fetch the current source")) \
	X(BROWSER, "open-browser", "O", N_("open the article in $BROWSER")) \
	X(LINKS, "links", "u", N_("list the article's links")) \
	X(SOURCES, "sources", "S", N_("the sources screen")) \
	X(SHOW_ERROR, "show-error", "e", N_("show the selected source's last error")) \
	X(REMOVE_SOURCE, "remove-source", "D", N_("remove the selected source")) \
	X(HELP, "help", "?", N_("this help")) \
	X(COMMAND, "command", ":", N_("command line (:tag, :filter, :view, :set, :quit)")) \
	X(ALL_PREFIX, "all-prefix", "*", N_("apply the next action to every article in the view")) \
	X(REDRAW, "redraw", "^L", N_("redraw the screen"))

enum ui_action {
	UI_ACTION_NONE = 0,
#define UI_ACTION_ENUM(id, name, keys, help) UI_##id,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_ACTION_COUNT
};

#endif
