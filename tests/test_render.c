#include "config.h"
#include "render.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEMARANG "https://kota-semarang.kpu.go.id/index.php/blog/read/512_rapat-pleno"

/* ------------------------------------------------------------ helpers */

/* Valid UTF-8 with no C0 (but '\n', and '\t' when allowed), DEL, C1, ESC or bidi
 * controls. */
static void assert_printable(const char *s, const char *what, int allow_tab)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\n' && !(allow_tab && *p == '\t')) || *p == 0x7F)
				fail_msg("%s: control byte 0x%02x in %s", what, *p, s);
			p++;
			continue;
		}
		uint32_t cp;
		int len;
		if ((*p & 0xE0) == 0xC0) {
			cp = *p & 0x1F;
			len = 2;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = *p & 0x0F;
			len = 3;
		} else if ((*p & 0xF8) == 0xF0) {
			cp = *p & 0x07;
			len = 4;
		} else {
			fail_msg("%s: invalid lead byte 0x%02x", what, *p);
			return;
		}
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				fail_msg("%s: truncated UTF-8", what);
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if (cp <= 0x9F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
		    cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0xD800 && cp <= 0xDFFF))
			fail_msg("%s: unsafe code point U+%04X", what, (unsigned)cp);
		p += len;
	}
}

static void assert_terminal_safe(const char *s, const char *what)
{
	assert_printable(s, what, 0);
}

static void assert_lines_fit(const char *text, int width, const char *what)
{
	char *copy = xstrdup(text);
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
		if (text_width(line) > width)
			fail_msg("%s: line wider than %d: \"%s\"", what, width, line);
	free(copy);
}

static char *joined_links(const struct render_result *r)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < r->n_links; i++) {
		if (i)
			buf_addc(&b, '\n');
		buf_adds(&b, r->links[i]);
	}
	char *s = buf_steal(&b);
	buf_free(&b);  /* buf_steal leaves a fresh empty buffer behind */
	return s;
}

/* ------------------------------------------------------- render table */

struct render_case {
	const char *name;
	const char *html;
	const char *base;
	int width;
	const char *text;
	const char *links;        /* one per line; "" for none */
	int overflow_ok;          /* <pre> lines may be wider than width */
};

static const struct render_case render_cases[] = {
	{"paragraphs separated by a blank line", "<p>Satu.</p><p>Dua.</p>", NULL, 0,
	 "Satu.\n\nDua.", "", 0},
	{"bare text fragment from a feed", "Halo <b>dunia</b>", NULL, 0, "Halo dunia", "", 0},
	{"heading on its own line", "<h2>Judul Berita</h2><p>Isi berita.</p>", NULL, 0,
	 "Judul Berita\n\nIsi berita.", "", 0},
	{"heading between loose text", "teks<h3>Judul</h3>lagi", NULL, 0,
	 "teks\n\nJudul\n\nlagi", "", 0},
	{"unordered list with bullets", "<ul><li>Satu</li><li>Dua</li></ul>", NULL, 0,
	 "\xE2\x80\xA2 Satu\n\xE2\x80\xA2 Dua", "", 0},
	{"ordered list numbering", "<ol><li>a</li><li>b</li><li>c</li></ol>", NULL, 0,
	 "1. a\n2. b\n3. c", "", 0},
	{"ordered list start attribute", "<ol start=\"9\"><li>a</li><li>b</li></ol>", NULL, 0,
	 "9. a\n10. b", "", 0},
	{"nested lists indented",
	 "<ul><li>A<ul><li>A1</li><li>A2</li></ul></li><li>B</li></ul>", NULL, 0,
	 "\xE2\x80\xA2 A\n  \xE2\x80\xA2 A1\n  \xE2\x80\xA2 A2\n\xE2\x80\xA2 B", "", 0},
	{"ordered list nested in a bullet list", "<ul><li>A<ol><li>x</li><li>y</li></ol></li></ul>",
	 NULL, 0, "\xE2\x80\xA2 A\n  1. x\n  2. y", "", 0},
	{"list item wraps under its bullet",
	 "<ul><li>satu dua tiga empat lima enam</li></ul>", NULL, 20,
	 "\xE2\x80\xA2 satu dua tiga\n  empat lima enam", "", 0},
	{"paragraphs inside list items stay tight",
	 "<ol><li><p>Pertama</p></li><li><p>Kedua</p></li></ol>", NULL, 0,
	 "1. Pertama\n2. Kedua", "", 0},
	{"list between paragraphs", "<p>Intro</p><ul><li>x</li></ul><p>Akhir</p>", NULL, 0,
	 "Intro\n\n\xE2\x80\xA2 x\n\nAkhir", "", 0},
	{"blockquote indented", "<p>Kata dia:</p><blockquote>Pemilu damai.</blockquote>", NULL, 0,
	 "Kata dia:\n\n  Pemilu damai.", "", 0},
	{"nested blockquote", "<blockquote>a<blockquote>b</blockquote></blockquote>", NULL, 0,
	 "  a\n\n    b", "", 0},
	{"blockquote wraps with its indent",
	 "<blockquote><p>Kutipan yang cukup panjang</p></blockquote>", NULL, 16,
	 "  Kutipan yang\n  cukup panjang", "", 0},
	{"br breaks a line", "<p>baris satu<br>baris dua</p>", NULL, 0,
	 "baris satu\nbaris dua", "", 0},
	{"many br give one blank line", "a<br><br><br><br>b", NULL, 0, "a\n\nb", "", 0},
	{"pre keeps lines and spaces", "<pre>  x  = 1\n  y = 2\n</pre>", NULL, 0,
	 "  x  = 1\n  y = 2", "", 0},
	{"pre drops the newline after its tag", "<p>a</p><pre>\nbaris\n</pre>", NULL, 0,
	 "a\n\nbaris", "", 0},
	{"pre lines are not wrapped", "<pre>panjang sekali baris ini</pre>", NULL, 10,
	 "panjang sekali baris ini", "", 1},
	{"pre expands tabs to 8 columns", "<pre>a\tb\n12345678\tc</pre>", NULL, 0,
	 "a       b\n12345678        c", "", 0},
	{"table flattened row by row",
	 "<table><tr><th>No</th><th>Nama</th></tr><tr><td>1</td><td>Budi</td></tr></table>",
	 NULL, 0, "No | Nama\n1 | Budi", "", 0},
	{"blocks inside a cell become spaces",
	 "<table><tr><td><p>a</p><p>b</p></td><td>c</td></tr></table>", NULL, 0,
	 "a b | c", "", 0},
	{"table between paragraphs",
	 "<p>x</p><table><caption>Hasil</caption><tr><td>1</td><td>2</td></tr></table><p>y</p>",
	 NULL, 0, "x\n\nHasil\n1 | 2\n\ny", "", 0},
	{"link numbered", "<p>Buka <a href=\"https://www.kpu.go.id/\">KPU</a> sekarang</p>", NULL, 0,
	 "Buka KPU[1] sekarang", "https://www.kpu.go.id/", 0},
	{"same URL twice keeps its number",
	 "<a href=\"https://a.id/\">a</a> <a href=\"https://b.id/\">b</a> <a href=\"https://a.id/\">c</a>",
	 NULL, 0, "a[1] b[2] c[1]", "https://a.id/\nhttps://b.id/", 0},
	{"relative link resolved against base",
	 "<a href=\"../category/104\">Berita Terkini</a>", SEMARANG, 0, "Berita Terkini[1]",
	 "https://kota-semarang.kpu.go.id/index.php/blog/category/104", 0},
	{"root-relative link resolved against base", "<a href=\"/berita/baca/7/-\">baca</a>",
	 SEMARANG, 0, "baca[1]", "https://kota-semarang.kpu.go.id/berita/baca/7/-", 0},
	{"relative link without a base is not listed", "<a href=\"/berita/baca/7/-\">baca</a>",
	 NULL, 0, "baca", "", 0},
	{"javascript: link dropped, text kept", "<a href=\"javascript:alert(1)\">klik</a>", NULL, 0,
	 "klik", "", 0},
	{"data: link dropped, text kept", "<a href=\"data:text/html,<b>x</b>\">unduh</a>", NULL, 0,
	 "unduh", "", 0},
	{"mailto: link kept", "<a href=\"mailto:humas@kpu.go.id\">surel</a>", NULL, 0, "surel[1]",
	 "mailto:humas@kpu.go.id", 0},
	{"in-page anchor not listed", "<a href=\"#atas\">ke atas</a>", SEMARANG, 0, "ke atas", "", 0},
	{"image with alt text", "<img src=\"a.jpg\" alt=\"Ketua  KPU\">", NULL, 0,
	 "[image: Ketua KPU]", "", 0},
	{"image without alt text", "<p>Foto: <img src=\"a.jpg\"></p>", NULL, 0, "Foto: [image]", "", 0},
	{"image inside a link", "<a href=\"https://www.kpu.go.id/\"><img src=l.png alt=Logo></a>",
	 NULL, 0, "[image: Logo][1]", "https://www.kpu.go.id/", 0},
	{"named entities decoded",
	 "<p>A &amp; B &mdash; C&nbsp;D &lt;e&gt; &quot;f&quot;</p>", NULL, 0,
	 "A & B \xE2\x80\x94 C D <e> \"f\"", "", 0},
	{"numeric entities decoded, C1 ones as windows-1252", "<p>&#65;&#x42; &#8212; &#150;</p>",
	 NULL, 0, "AB \xE2\x80\x94 \xE2\x80\x93", "", 0},
	{"soft hyphen removed", "<p>ber&shy;ita</p>", NULL, 0, "berita", "", 0},
	{"script and style dropped", "<p>a<script>x()</script>b<style>p{}</style>c</p>", NULL, 0,
	 "abc", "", 0},
	{"iframe noscript template svg object dropped",
	 "<p>a<iframe src=x>t</iframe> <noscript>n</noscript><template>t</template>"
	 "<svg><text>s</text></svg><object>o</object>b</p>", NULL, 0, "a b", "", 0},
	{"form inputs dropped",
	 "<form><input value=x><button>Kirim</button><select><option>o</option></select>"
	 "<textarea>t</textarea>Label</form>", NULL, 0, "Label", "", 0},
	{"hidden elements dropped", "<p>a<span hidden>rahasia</span>b</p>", NULL, 0, "ab", "", 0},
	{"whole page: head skipped",
	 "<!DOCTYPE html><html><head><title>Judul</title><meta charset=\"utf-8\"></head>"
	 "<body><p>Isi</p></body></html>", NULL, 0, "Isi", "", 0},
	{"whitespace collapsed", "<p>  banyak \n\t spasi   di  sini </p>", NULL, 0,
	 "banyak spasi di sini", "", 0},
	{"space between inline elements kept", "<b>a</b> <i>b</i><em>c</em>", NULL, 0, "a bc", "", 0},
	{"wrap at 20 columns",
	 "<p>Komisi Pemilihan Umum Kota Semarang menggelar rapat pleno</p>", NULL, 20,
	 "Komisi Pemilihan\nUmum Kota Semarang\nmenggelar rapat\npleno", "", 0},
	{"wrap at 40 columns",
	 "<p>Komisi Pemilihan Umum Kota Semarang menggelar rapat pleno terbuka rekapitulasi "
	 "hasil penghitungan suara.</p>", NULL, 40,
	 "Komisi Pemilihan Umum Kota Semarang\nmenggelar rapat pleno terbuka\n"
	 "rekapitulasi hasil penghitungan suara.", "", 0},
	{"width 0 does not wrap",
	 "<p>Komisi Pemilihan Umum Kota Semarang menggelar rapat pleno terbuka</p>", NULL, 0,
	 "Komisi Pemilihan Umum Kota Semarang menggelar rapat pleno terbuka", "", 0},
	{"long word hard broken", "<p>abcdefghijklmnopqrstuvwxy</p>", NULL, 10,
	 "abcdefghij\nklmnopqrst\nuvwxy", "", 0},
	{"long word after a short one", "<p>ab abcdefghijklmno</p>", NULL, 10,
	 "ab\nabcdefghij\nklmno", "", 0},
	{"wide CJK characters count two columns",
	 "<p>\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
	 "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87</p>", NULL, 10,
	 "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\n"
	 "\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\n"
	 "\xE4\xB8\xAD\xE6\x96\x87", "", 0},
	{"combining marks count zero columns",
	 "<p>e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81 "
	 "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81</p>", NULL, 10,
	 "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81\n"
	 "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81", "", 0},
	{"combining mark stays with its letter when a word is cut",
	 "<p>abcdefghie\xCC\x81xyz</p>", NULL, 10, "abcdefghie\xCC\x81\nxyz", "", 0},
	{"hr drawn as a line", "<p>a</p><hr><p>b</p>", NULL, 10,
	 "a\n\n\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	 "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n\nb", "", 0},
	{"figure and figcaption as text",
	 "<figure><img src=f.jpg alt=\"Foto rapat\"><figcaption>Suasana rapat pleno</figcaption>"
	 "</figure>", NULL, 0, "[image: Foto rapat]\nSuasana rapat pleno", "", 0},
	{"definition list", "<dl><dt>DPT</dt><dd>Daftar Pemilih Tetap</dd></dl>", NULL, 0,
	 "DPT\n  Daftar Pemilih Tetap", "", 0},
	{"escape sequence inside text removed", "<p>a\x1b[2Jb\x1b]52;c;aGk=\x07" "c</p>", NULL, 0,
	 "abc", "", 0},
	{"bidi override inside text removed", "<p>abc\xE2\x80\xAE" "def</p>", NULL, 0, "abcdef", "",
	 0},
	{"invalid UTF-8 in an undeclared page becomes U+FFFD", "<p>caf\xe9 ok</p>", NULL, 0,
	 "caf\xEF\xBF\xBD ok", "", 0},
	{"literal C1 characters read as windows-1252", "<p>2019\xC2\x96" "2024 \xC2\x93kutip\xC2\x94</p>",
	 NULL, 0, "2019\xE2\x80\x93" "2024 \xE2\x80\x9Ckutip\xE2\x80\x9D", "", 0},
	{"windows-1252 mapping leaves other U+0080..U+00FF alone",
	 "<p>\xC2\xA9 KPU\xC2\x81 2024 \xC2\x80</p>", NULL, 0,
	 "\xC2\xA9 KPU 2024 \xE2\x82\xAC", "", 0},
	{"declared latin-1 page decoded", "<meta charset=\"iso-8859-1\"><p>caf\xe9</p>", NULL, 0,
	 "caf\xC3\xA9", "", 0},
	{"only whitespace renders empty", "<p> </p><div>\n</div>", NULL, 40, "", "", 0},
	{"Indonesian KPU article",
	 "<div class=\"blog-content\"><h1>KPU Kota Semarang Gelar Rapat Pleno Rekapitulasi</h1>"
	 "<p><strong>Semarang, kota-semarang.kpu.go.id</strong> &ndash; Komisi Pemilihan Umum "
	 "(KPU) Kota Semarang menggelar rapat pleno terbuka rekapitulasi hasil penghitungan "
	 "perolehan suara Pemilu 2024 tingkat kota, Senin (4/3/2024).</p>"
	 "<p>Ketua KPU Kota Semarang menyampaikan bahwa seluruh <a href=\"/index.php/blog/read/"
	 "500_ppk\">PPK</a> telah menyerahkan berkas.</p>"
	 "<p><img src=\"/uploads/rapat.jpg\" alt=\"Rapat pleno di Hotel Patra\"></p>"
	 "<p>Bagikan:</p></div>", SEMARANG, 40,
	 "KPU Kota Semarang Gelar Rapat Pleno\nRekapitulasi\n\n"
	 "Semarang, kota-semarang.kpu.go.id \xE2\x80\x93\nKomisi Pemilihan Umum (KPU) Kota\n"
	 "Semarang menggelar rapat pleno terbuka\nrekapitulasi hasil penghitungan\n"
	 "perolehan suara Pemilu 2024 tingkat\nkota, Senin (4/3/2024).\n\n"
	 "Ketua KPU Kota Semarang menyampaikan\nbahwa seluruh PPK[1] telah menyerahkan\nberkas.\n\n"
	 "[image: Rapat pleno di Hotel Patra]\n\nBagikan:",
	 "https://kota-semarang.kpu.go.id/index.php/blog/read/500_ppk", 0},
};

static void test_render_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof render_cases / sizeof *render_cases; i++) {
		const struct render_case *c = &render_cases[i];
		struct render_result r;
		int rc = render_html(c->html, strlen(c->html), c->base, c->width, &r);
		if (rc != 0)
			fail_msg("%s: render_html returned %d", c->name, rc);
		if (strcmp(r.text, c->text) != 0)
			fail_msg("%s:\n--- got ---\n%s\n--- want ---\n%s", c->name, r.text, c->text);
		char *links = joined_links(&r);
		if (strcmp(links, c->links) != 0)
			fail_msg("%s: links\n%s\nwant\n%s", c->name, links, c->links);
		assert_terminal_safe(r.text, c->name);
		if (c->width > 0 && !c->overflow_ok)
			assert_lines_fit(r.text, c->width, c->name);
		free(links);
		render_result_free(&r);
	}
}

/* ----------------------------------------------------- sanitiser table */

struct sanitize_case {
	const char *name;
	const char *in;
	int keep_newlines;
	const char *out;
};

static const struct sanitize_case sanitize_cases[] = {
	{"plain Indonesian text unchanged", "Pemilu 2024 berjalan lancar", 1,
	 "Pemilu 2024 berjalan lancar"},
	{"CSI clear screen ESC[2J", "a\x1b[2Jb", 1, "ab"},
	{"CSI colours", "\x1b[1;31mmerah\x1b[0m", 1, "merah"},
	{"CSI with private marker", "a\x1b[?1049hb", 1, "ab"},
	{"OSC 52 clipboard ended by BEL", "x\x1b]52;c;ZWNobyBoaQ==\x07y", 1, "xy"},
	{"OSC 8 hyperlink ended by ST", "\x1b]8;;https://jahat.example/\x1b\\klik\x1b]8;;\x1b\\", 1,
	 "klik"},
	{"OSC title never terminated", "a\x1b]0;judul palsu", 1, "a"},
	{"OSC body with 0x9C inside a character", "a\x1b]0;\xE6\x9C\xAC\x07" "b", 1, "ab"},
	{"DCS string", "a\x1bPq#0;2;0;0;0\x1b\\b", 1, "ab"},
	{"APC string", "a\x1b_Gf=24,s=1;AAAA\x1b\\b", 1, "ab"},
	{"PM and SOS strings", "a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", 1, "abc"},
	{"two-character ESC sequences", "a\x1b" "7b\x1b(Bc\x1b" "c", 1, "abc"},
	{"lone ESC at the end", "a\x1b", 1, "a"},
	{"raw 0x9b CSI byte", "a\x9b" "31mb", 1, "ab"},
	{"U+009B CSI", "a\xC2\x9B" "31mb", 1, "ab"},
	{"U+009D OSC ended by U+009C", "a\xC2\x9D" "52;c;eA==\xC2\x9C" "b", 1, "ab"},
	{"U+0085 NEL removed", "a\xC2\x85" "b", 1, "ab"},
	{"raw C1 byte 0x85 removed", "a\x85" "b", 1, "ab"},
	{"U+202E right-to-left override removed", "abc\xE2\x80\xAE" "fed", 1, "abcfed"},
	{"U+202A..U+202D embeddings removed", "\xE2\x80\xAA" "a\xE2\x80\xAB" "b\xE2\x80\xAC"
	 "\xE2\x80\xAD" "c", 1, "abc"},
	{"isolates U+2066..U+2069 removed", "\xE2\x81\xA6" "a\xE2\x81\xA7" "b\xE2\x81\xA8"
	 "c\xE2\x81\xA9", 1, "abc"},
	{"LRM RLM ALM removed", "a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xD8\x9C" "d", 1, "abcd"},
	{"DEL removed", "a\x7f" "b", 1, "ab"},
	{"BEL and backspace removed", "a\x07\x08" "b", 1, "ab"},
	{"overlong slash C0 AF", "a\xC0\xAF" "b", 1, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b"},
	{"surrogate encoded in UTF-8", "a\xED\xA0\xBD" "b", 1,
	 "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b"},
	{"truncated sequence one replacement", "a\xE2\x82", 1, "a\xEF\xBF\xBD"},
	{"above U+10FFFF", "a\xF5\x80\x80\x80", 1, "a\xEF\xBF\xBD"},
	{"noncharacter U+FFFF", "a\xEF\xBF\xBF", 1, "a\xEF\xBF\xBD"},
	{"newline and tab kept", "a\nb\tc", 1, "a\nb\tc"},
	{"newline and tab become spaces", "a\nb\tc", 0, "a b c"},
	{"CR LF becomes LF", "a\r\nb\rc", 1, "a\nb\nc"},
	{"U+2028 line separator becomes a newline", "a\xE2\x80\xA8" "b", 1, "a\nb"},
	{"U+2029 becomes a space without newlines", "a\xE2\x80\xA9" "b", 0, "a b"},
	{"byte-order mark removed", "\xEF\xBB\xBF" "judul", 1, "judul"},
	{"tag characters removed", "a\xF3\xA0\x80\x81\xF3\xA0\x81\x81" "b", 1, "ab"},
	{"CJK, emoji and combining marks untouched",
	 "\xE4\xB8\xAD\xF0\x9F\x98\x80" "e\xCC\x81", 1, "\xE4\xB8\xAD\xF0\x9F\x98\x80" "e\xCC\x81"},
	{"empty string", "", 1, ""},
};

static void test_sanitize_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof sanitize_cases / sizeof *sanitize_cases; i++) {
		const struct sanitize_case *c = &sanitize_cases[i];
		char *out = text_sanitize(c->in, c->keep_newlines);
		if (strcmp(out, c->out) != 0)
			fail_msg("%s: got \"%s\" want \"%s\"", c->name, out, c->out);
		assert_printable(out, c->name, c->keep_newlines);
		free(out);
	}
	assert_null(text_sanitize(NULL, 1));
}

/* ---------------------------------------------------- width and wrap */

struct width_case {
	const char *name;
	const char *s;
	int width;
};

static const struct width_case width_cases[] = {
	{"ASCII", "Pemilu", 6},
	{"empty", "", 0},
	{"CJK counts two", "\xE4\xB8\xAD\xE6\x96\x87", 4},
	{"Hangul counts two", "\xED\x95\x9C\xEA\xB5\xAD", 4},
	{"combining acute counts zero", "e\xCC\x81", 1},
	{"emoji counts two", "\xF0\x9F\x98\x80", 2},
	{"controls count zero", "a\x07\x1b" "b", 2},
	{"no-break space counts one", "a\xC2\xA0" "b", 3},
};

static void check_widths(const char *locale)
{
	for (size_t i = 0; i < sizeof width_cases / sizeof *width_cases; i++) {
		const struct width_case *c = &width_cases[i];
		int w = text_width(c->s);
		if (w != c->width)
			fail_msg("%s (%s locale): width %d want %d", c->name, locale, w, c->width);
	}
}

static void test_width_table(void **state)
{
	(void)state;
	check_widths("UTF-8");
	setlocale(LC_CTYPE, "C");  /* the built-in table must agree */
	check_widths("C");
	setlocale(LC_CTYPE, "C.UTF-8");
	assert_int_equal(text_width(NULL), 0);
}

struct wrap_case {
	const char *name;
	const char *in;
	int width;
	const char *out;
};

static const struct wrap_case wrap_cases[] = {
	{"short line unchanged", "Pemilu damai", 20, "Pemilu damai"},
	{"wraps at 20", "Komisi Pemilihan Umum Kota Semarang", 20,
	 "Komisi Pemilihan\nUmum Kota Semarang"},
	{"paragraphs and blank lines kept", "a b\n\nc d", 3, "a b\n\nc d"},
	{"indentation carried to continuation lines", "  satu dua tiga", 10, "  satu dua\n  tiga"},
	{"width 0 leaves text alone", "satu dua tiga", 0, "satu dua tiga"},
	{"trailing newline kept", "satu dua\n", 4, "satu\ndua\n"},
	{"long word cut", "abcdefghij", 5, "abcde\nfghij"},
	{"CJK cut by columns", "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87", 5,
	 "\xE4\xB8\xAD\xE6\x96\x87\n\xE4\xB8\xAD\xE6\x96\x87"},
	{"tab treated as a space", "satu\tdua", 4, "satu\ndua"},
};

static void test_wrap_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof wrap_cases / sizeof *wrap_cases; i++) {
		const struct wrap_case *c = &wrap_cases[i];
		char *out = text_wrap(c->in, c->width);
		if (strcmp(out, c->out) != 0)
			fail_msg("%s: got \"%s\" want \"%s\"", c->name, out, c->out);
		free(out);
	}
	assert_null(text_wrap(NULL, 10));
}

/* ------------------------------------------------------------- others */

static void test_link_list(void **state)
{
	(void)state;
	const char *html = "<p><a href=\"https://a.id/\">a</a> dan <a href=\"https://b.id/x\">b</a></p>";
	struct render_result r;
	assert_int_equal(render_html(html, strlen(html), NULL, 0, &r), 0);
	char *all = render_with_link_list(&r);
	assert_string_equal(all, "a[1] dan b[2]\n\nLinks:\n[1] https://a.id/\n[2] https://b.id/x\n");
	free(all);
	render_result_free(&r);

	html = "<p>tanpa tautan</p>";
	assert_int_equal(render_html(html, strlen(html), NULL, 0, &r), 0);
	all = render_with_link_list(&r);
	assert_string_equal(all, "tanpa tautan");
	free(all);
	render_result_free(&r);
}

static void test_empty_input(void **state)
{
	(void)state;
	struct render_result r;
	assert_int_equal(render_html("", 0, NULL, 40, &r), -1);
	assert_string_equal(r.text, "");
	assert_int_equal(r.n_links, 0);
	render_result_free(&r);
	assert_int_equal(render_html(NULL, 10, NULL, 40, &r), -1);
	render_result_free(&r);
}

static char *repeat(const char *head, const char *middle, const char *tail, int n)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < n; i++)
		buf_adds(&b, head);
	buf_adds(&b, middle);
	for (int i = 0; i < n; i++)
		buf_adds(&b, tail);
	buf_adds(&b, "<p>sesudah</p>");
	char *s = buf_steal(&b);
	buf_free(&b);
	return s;
}

static void test_deep_nesting(void **state)
{
	(void)state;
	static const struct {
		const char *name, *head, *tail;
	} shapes[] = {
		{"10,000 nested div", "<div>", "</div>"},
		{"10,000 nested blockquote", "<blockquote>", "</blockquote>"},
		{"10,000 nested lists", "<ul><li>", "</li></ul>"},
		{"10,000 nested links and spans", "<span><a href=\"https://a.id/\">", "</a></span>"},
		{"10,000 unclosed tables", "<table><tr><td>", ""},
	};
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		char *html = repeat(shapes[i].head, "dalam", shapes[i].tail, 10000);
		struct render_result r;
		assert_int_equal(render_html(html, strlen(html), NULL, 40, &r), 0);
		if (!strstr(r.text, "dalam"))
			fail_msg("%s: deep text lost", shapes[i].name);
		assert_terminal_safe(r.text, shapes[i].name);
		assert_lines_fit(r.text, 40, shapes[i].name);
		render_result_free(&r);
		free(html);
	}
}

/* Everything that can go wrong at once must still come out printable. */
static void test_hostile_page(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "<p title=\"\x1b[2J\">");
	for (int c = 1; c < 256; c++)
		if (c != '<' && c != '&')
			buf_addc(&b, (char)c);
	buf_adds(&b, "&#27;[31m&#x9b;&#0;&#x202E;&#xD800;&#x110000;</p>"
		  "<a href=\"https://a.id/\x1b[2J\xC2\x9B\">x</a><img alt=\"\x1b]52;c;eA==\x07\">");
	struct render_result r;
	assert_int_equal(render_html(b.data, b.len, NULL, 30, &r), 0);
	assert_terminal_safe(r.text, "hostile page");
	for (size_t i = 0; i < r.n_links; i++)
		assert_terminal_safe(r.links[i], "hostile link");
	render_result_free(&r);
	buf_free(&b);
}

static void test_large_article(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	for (int i = 0; b.len < (1u << 20); i++)
		buf_printf(&b, "<p>Paragraf %d: KPU Kota Semarang menggelar rapat pleno terbuka "
			   "rekapitulasi <a href=\"/berita/baca/%d/-\">berita</a> &amp; "
			   "penghitungan suara Pemilu 2024.</p>\n", i, i % 700);
	struct render_result r;
	assert_int_equal(render_html(b.data, b.len, SEMARANG, 72, &r), 0);
	assert_int_equal(r.n_links, 700);
	assert_non_null(strstr(r.text, "berita[700]"));
	assert_lines_fit(r.text, 72, "large article");
	render_result_free(&r);
	buf_free(&b);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_table),
		cmocka_unit_test(test_sanitize_table),
		cmocka_unit_test(test_width_table),
		cmocka_unit_test(test_wrap_table),
		cmocka_unit_test(test_link_list),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_hostile_page),
		cmocka_unit_test(test_large_article),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
