// SPDX-License-Identifier: GPL-2.0
/*
 * ptool top's terminal UI: the PerfTop header, the sorted table with a
 * cursor, call graphs unfolded under a line with Enter (-g), a symbol
 * filter (/), K/U to hide kernel or user entries, h for help. ncurses
 * handles SIGWINCH (KEY_RESIZE); the terminal is given back on every
 * exit path, a crash included.
 */
#include "top-priv.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/strbuf.h"

#define MIN_COLS 40
#define MIN_LINES 6

struct tui {
	bool callchain;
	char *header;
	struct top_line *lines;
	size_t nr;
	bool *open;		/* per line: call graph unfolded */
	size_t alloc_open;
	size_t cur, top;	/* cursor and first shown row (in rows) */
	bool help;
	char filter[128];
	char edit[128];		/* the filter being typed */
	bool editing;
	bool hide_kernel, hide_user;
};

/* the crash path: give the terminal back, then die of the same signal */
static volatile sig_atomic_t tui_active;

static void on_crash(int sig)
{
	if (tui_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

struct tui *tui_start(bool callchain)
{
	static const int crash[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
	struct tui *u;
	SCREEN *scr = newterm(NULL, stdout, stdin);

	if (!scr)
		return NULL;
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	tui_active = 1;
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++) {
		struct sigaction sa = { .sa_handler = on_crash,
					.sa_flags = (int)SA_RESETHAND };

		sigaction(crash[i], &sa, NULL);
	}
	u = xcalloc(1, sizeof(*u));
	u->callchain = callchain;
	u->header = xstrdup("   PerfTop: collecting samples...");
	return u;
}

void tui_end(struct tui *u)
{
	if (!u)
		return;
	tui_active = 0;
	endwin();
	top_lines_free(u->lines, u->nr);
	free(u->open);
	free(u->header);
	free(u);
}

/* rows an entry takes on screen */
static size_t rows_of(const struct tui *u, size_t i)
{
	return 1 + (u->open[i] ? u->lines[i].nr_graph : 0);
}

static void put_line(int y, const char *s, size_t len, int cols)
{
	move(y, 0);
	clrtoeol();
	addnstr(s, (int)(len < (size_t)cols ? len : (size_t)cols));
}

static void draw_help(void)
{
	static const char *const text[] = {
		"ptool top keys",
		"",
		"  q, Ctrl-C      quit",
		"  Up, Down       move the cursor",
		"  PgUp, PgDn     move a page",
		"  Home, End      first, last line",
		"  Enter          unfold or fold the call graph of a line (-g)",
		"  /              show only symbols containing a text (empty: all)",
		"  K              hide or show kernel symbols",
		"  U              hide or show user symbols",
		"  h, ?           this help; any key goes back",
	};
	int cols = COLS;

	erase();
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]) && (int)i < LINES; i++)
		put_line((int)i, text[i], strlen(text[i]), cols);
	refresh();
}

static void draw(struct tui *u)
{
	int rows = LINES - 3, y = 3, cols = COLS;
	size_t r = 0, cur_row = 0;
	char status[200];

	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		static const char msg[] = "terminal too small for ptool top";

		erase();
		put_line(0, msg, strlen(msg), cols);
		refresh();
		return;
	}
	if (u->help) {
		draw_help();
		return;
	}
	erase();
	put_line(0, u->header, strlen(u->header), cols);
	mvhline(1, 0, '-', cols - 1);
	snprintf(status, sizeof(status), "%s%s%s%s%s",
		 u->filter[0] ? "filter: " : "", u->filter,
		 u->hide_kernel ? "  [kernel hidden]" : "",
		 u->hide_user ? "  [user hidden]" : "",
		 u->nr ? "" : "  (no samples yet)");
	put_line(2, status, strlen(status), cols);
	/* keep the cursor's row on screen */
	for (size_t i = 0; i < u->cur && i < u->nr; i++)
		cur_row += rows_of(u, i);
	if (cur_row < u->top)
		u->top = cur_row;
	if (cur_row >= u->top + (size_t)rows)
		u->top = cur_row - (size_t)rows + 1;
	for (size_t i = 0; i < u->nr && y < LINES; i++) {
		const char *g = u->lines[i].graph, *nl;

		if (r >= u->top) {
			if (i == u->cur)
				attron(A_REVERSE);
			put_line(y++, u->lines[i].text, strlen(u->lines[i].text), cols);
			if (i == u->cur)
				attroff(A_REVERSE);
		}
		r++;
		if (!u->open[i] || !g)
			continue;
		for (; *g && y < LINES; g = *nl ? nl + 1 : nl) {
			nl = strchr(g, '\n');
			if (!nl)
				nl = g + strlen(g);
			if (r++ >= u->top)
				put_line(y++, g, (size_t)(nl - g), cols);
		}
	}
	if (u->editing) {
		char p[200];

		snprintf(p, sizeof(p), "symbol filter: %s_", u->edit);
		attron(A_REVERSE);
		put_line(LINES - 1, p, strlen(p), cols);
		attroff(A_REVERSE);
	}
	refresh();
}

void tui_show(struct tui *u, const char *header, struct top *t)
{
	struct top_line *l;
	size_t n;

	if (top_lines(t, &l, &n))
		return;
	top_lines_free(u->lines, u->nr);
	u->lines = l;
	u->nr = n;
	if (n > u->alloc_open) {
		u->open = xrealloc(u->open, n * sizeof(*u->open));
		memset(u->open + u->alloc_open, 0, (n - u->alloc_open) * sizeof(*u->open));
		u->alloc_open = n;
	}
	if (u->cur >= n)
		u->cur = n ? n - 1 : 0;
	free(u->header);
	u->header = xstrdup(header);
	u->hide_kernel = top_opts_of(t)->hide_kernel;
	u->hide_user = top_opts_of(t)->hide_user;
	draw(u);
}

/*
 * A key while the filter is typed (the rings are still drained between
 * keys): Enter applies it, Escape gives up, Backspace erases.
 * Returns true when the filter is to be applied.
 */
static bool edit_key(struct tui *u, int c)
{
	size_t n = strlen(u->edit);

	switch (c) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		u->editing = false;
		snprintf(u->filter, sizeof(u->filter), "%s", u->edit);
		return true;
	case 27:	/* Escape */
		u->editing = false;
		return false;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (n)
			u->edit[n - 1] = 0;
		return false;
	default:
		if (c >= ' ' && c < 127 && n + 1 < sizeof(u->edit)) {
			u->edit[n] = (char)c;
			u->edit[n + 1] = 0;
		}
		return false;
	}
}

enum tui_action tui_keys(struct tui *u, struct top *t)
{
	enum tui_action act = TUI_NONE;
	size_t page = LINES > 4 ? (size_t)LINES - 4 : 1;
	bool redraw = false;
	int c;

	while ((c = getch()) != ERR) {
		redraw = true;
		if (u->editing) {
			if (edit_key(u, c)) {
				top_set_filter(t, u->filter);
				u->cur = u->top = 0;
				act = TUI_RESHOW;
			}
			continue;
		}
		if (u->help) {
			u->help = false;
			continue;
		}
		switch (c) {
		case 'q':
		case 'Q':
		case 3:		/* Ctrl-C in cbreak mode is a signal; raw is not */
			return TUI_QUIT;
		case KEY_UP:
			if (u->cur)
				u->cur--;
			break;
		case KEY_DOWN:
			if (u->cur + 1 < u->nr)
				u->cur++;
			break;
		case KEY_PPAGE:
			u->cur = u->cur > page ? u->cur - page : 0;
			break;
		case KEY_NPAGE:
			u->cur = u->cur + page < u->nr ? u->cur + page : u->nr ? u->nr - 1 : 0;
			break;
		case KEY_HOME:
			u->cur = 0;
			break;
		case KEY_END:
			u->cur = u->nr ? u->nr - 1 : 0;
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
			if (u->callchain && u->cur < u->nr)
				u->open[u->cur] = !u->open[u->cur];
			break;
		case '/':
			u->editing = true;
			u->edit[0] = 0;
			break;
		case 'K':
			u->hide_kernel = !top_opts_of(t)->hide_kernel;
			top_set_hide(t, u->hide_kernel, top_opts_of(t)->hide_user);
			act = TUI_RESHOW;
			break;
		case 'U':
			u->hide_user = !top_opts_of(t)->hide_user;
			top_set_hide(t, top_opts_of(t)->hide_kernel, u->hide_user);
			act = TUI_RESHOW;
			break;
		case 'h':
		case '?':
			u->help = true;
			break;
		case KEY_RESIZE:
		default:
			break;
		}
	}
	if (redraw && act == TUI_NONE)
		draw(u);
	return act;
}
