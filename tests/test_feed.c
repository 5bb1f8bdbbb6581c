/* Unit tests of the streaming feed parser: tables per format of documents and the
 * fields they must yield, pushed whole and byte by byte; limits; sniffing; and a flat
 * memory profile while 20 MB of items stream through. */
#include "config.h"
#include "feed.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

/* ---- Collecting items ---- */

struct got {
	size_t n;
	char title[4][256];
	char link[4][256];
	char guid[4][256];
	char author[4][256];
	char summary[4][512];
	char content[4][512];
	char category[4][256];  /* categories joined with '|' */
	char enclosure[4][256]; /* "url type length" of the first */
	int64_t published[4];
	int64_t updated[4];
};

static void copy(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "(null)");
}

static int collect(void *ctx, const struct feed_item *it)
{
	struct got *g = ctx;
	size_t i = g->n++;
	if (i >= 4)
		return 0;
	copy(g->title[i], sizeof g->title[i], it->title);
	copy(g->link[i], sizeof g->link[i], it->link);
	copy(g->guid[i], sizeof g->guid[i], it->guid);
	copy(g->author[i], sizeof g->author[i], it->author);
	copy(g->summary[i], sizeof g->summary[i], it->summary);
	copy(g->content[i], sizeof g->content[i], it->content);
	g->published[i] = it->has_published ? it->published : -1;
	g->updated[i] = it->has_updated ? it->updated : -1;
	for (size_t k = 0; k < it->n_categories; k++) {
		size_t len = strlen(g->category[i]);
		snprintf(g->category[i] + len, sizeof g->category[i] - len, "%s%s", k ? "|" : "",
			 it->categories[k]);
	}
	if (it->n_enclosures)
		snprintf(g->enclosure[i], sizeof g->enclosure[i], "%s %s %lld",
			 it->enclosures[0].url, it->enclosures[0].type ? it->enclosures[0].type : "-",
			 (long long)it->enclosures[0].length);
	return 0;
}

/* Parses doc in chunks of `step` bytes (0: all at once). */
static struct feed_parser *parse(const char *doc, size_t len, size_t step, struct got *g,
				 int *rc)
{
	memset(g, 0, sizeof *g);
	struct feed_parser *p = feed_parser_new("https://www.kpu.go.id/rss/", NULL, collect, g);
	if (!step)
		step = len ? len : 1;
	for (size_t off = 0; off < len; off += step)
		feed_parser_push(p, doc + off, len - off < step ? len - off : step);
	*rc = feed_parser_finish(p);
	return p;
}

/* ---- Table: one document, one expected field per row ---- */

enum what { TITLE, LINK, GUID, AUTHOR, SUMMARY, CONTENT, CATEGORIES, ENCLOSURE, PUBLISHED,
	    UPDATED, FEED_TITLE, FEED_LINK, FEED_SUBTITLE, FEED_UPDATED };

struct row {
	const char *covers;
	enum feed_format format;
	const char *doc;
	enum what what;
	size_t item;
	const char *want;     /* string fields */
	int64_t want_time;    /* date fields; -1 for none */
};

struct repair_row {
	bool repaired;        /* the input is not well-formed XML and was repaired */
	struct row row;
};

#define RSS(body) "<?xml version=\"1.0\"?><rss version=\"2.0\" " \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
	"xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" " \
	"xmlns:media=\"http://search.yahoo.com/mrss/\" " \
	"xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>KPU</title>" body \
	"</channel></rss>"
#define RDF(body) "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" " \
	"xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" \
	"<channel rdf:about=\"https://jabar.kpu.go.id/\"><title>KPU Jabar</title>" \
	"<link>https://jabar.kpu.go.id/</link></channel>" body "</rdf:RDF>"
#define ATOM(body) "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>KPU</title>" body "</feed>"
#define ATOM03(body) "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">" body "</feed>"

/* 2024-02-14T00:00:00Z */
#define T0 INT64_C(1707868800)

static const struct row rss_rows[] = {
	{ "RSS title", FEED_FORMAT_RSS20, RSS("<item><title>Rapat Pleno</title></item>"),
	  TITLE, 0, "Rapat Pleno", 0 },
	{ "RSS title whitespace squeezed", FEED_FORMAT_RSS20,
	  RSS("<item><title>\n  Rapat\t\tPleno \n</title></item>"), TITLE, 0, "Rapat Pleno", 0 },
	{ "RSS relative link against the feed URL", FEED_FORMAT_RSS20,
	  RSS("<item><link>/blog/read/a?x=1&amp;y=2</link></item>"), LINK, 0,
	  "https://www.kpu.go.id/blog/read/a?x=1&y=2", 0 },
	{ "RSS link against nested xml:base", FEED_FORMAT_RSS20,
	  RSS("<item xml:base=\"https://kab-klaten.kpu.go.id/blog/\"><link>read/1</link></item>"),
	  LINK, 0, "https://kab-klaten.kpu.go.id/blog/read/1", 0 },
	{ "RSS guid", FEED_FORMAT_RSS20, RSS("<item><guid isPermaLink=\"false\">kpu-7</guid></item>"),
	  GUID, 0, "kpu-7", 0 },
	{ "dc:creator beats itunes:author", FEED_FORMAT_RSS20,
	  RSS("<item xmlns:i=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><title>x</title>"
	      "<i:author>Podcast</i:author><dc:creator>Humas</dc:creator></item>"),
	  AUTHOR, 0, "Humas", 0 },
	/* titles */
	{ "RSS title: HTML tags stripped", FEED_FORMAT_RSS20,
	  RSS("<item><title>Rapat &lt;em&gt;Pleno&lt;/em&gt; KPU</title></item>"), TITLE, 0,
	  "Rapat Pleno KPU", 0 },
	{ "RSS title: HTML in CDATA stripped, entity decoded", FEED_FORMAT_RSS20,
	  RSS("<item><title><![CDATA[<b>KPU</b> &amp; Bawaslu]]></title></item>"), TITLE, 0,
	  "KPU & Bawaslu", 0 },
	{ "RSS title: double-escaped markup and entities", FEED_FORMAT_RSS20,
	  RSS("<item><title>AT&amp;amp;T &amp;lt;b&amp;gt;Pleno&amp;lt;/b&amp;gt; &amp;#8220;DPT&amp;#8221;</title></item>"),
	  TITLE, 0, "AT&T Pleno \xe2\x80\x9c" "DPT\xe2\x80\x9d", 0 },
	{ "RSS title: a lone < is text", FEED_FORMAT_RSS20,
	  RSS("<item><title>Suara &lt;5 persen &amp; a &lt; b</title></item>"), TITLE, 0,
	  "Suara <5 persen & a < b", 0 },
	{ "RSS title: unknown tag-like text is text", FEED_FORMAT_RSS20,
	  RSS("<item><title><![CDATA[Distribusi <Logistik> Pemilu]]></title></item>"), TITLE, 0,
	  "Distribusi <Logistik> Pemilu", 0 },
	{ "RSS title: unclosed tag-like text kept", FEED_FORMAT_RSS20,
	  RSS("<item><title>&lt;b&gt;Rapat &lt;a</title></item>"), TITLE, 0, "Rapat <a", 0 },
	{ "RSS title absent: the summary's first words", FEED_FORMAT_RSS20,
	  RSS("<item><description>&lt;p&gt;KPU Sleman &amp;amp; Bawaslu&lt;/p&gt;</description></item>"),
	  TITLE, 0, "KPU Sleman & Bawaslu", 0 },
	{ "RSS title absent: a long summary cut on a word", FEED_FORMAT_RSS20,
	  RSS("<item><description>KPU Kabupaten Sleman menetapkan daftar pemilih tetap untuk Pilkada 2024 "
	      "dalam rapat pleno terbuka di kantor KPU Sleman.</description></item>"), TITLE, 0,
	  "KPU Kabupaten Sleman menetapkan daftar pemilih tetap untuk Pilkada 2024 dalam\xe2\x80\xa6", 0 },
	{ "RSS title absent: content when there is no summary", FEED_FORMAT_RSS20,
	  RSS("<item><content:encoded><![CDATA[<p>Isi <b>lengkap</b></p>]]></content:encoded></item>"),
	  TITLE, 0, "Isi lengkap", 0 },
	{ "RSS title absent and no text: none", FEED_FORMAT_RSS20,
	  RSS("<item><link>https://kpu.go.id/a</link></item>"), TITLE, 0, "(null)", 0 },
	{ "RSS guid: root-relative permalink becomes the link", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><guid>/blog/read/6</guid></item>"), LINK, 0,
	  "https://www.kpu.go.id/blog/read/6", 0 },
	{ "RSS guid: blanks around it trimmed", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><guid isPermaLink=\"false\">\n  kpu-5 \n</guid></item>"), GUID, 0,
	  "kpu-5", 0 },
	{ "RSS author 'email (Name)' gives the name", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><author>humas@kpu.go.id (Humas KPU RI)</author></item>"),
	  AUTHOR, 0, "Humas KPU RI", 0 },
	{ "RSS author 'Name <email>' gives the name", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><author>\"Humas KPU\" &lt;humas@kpu.go.id&gt;</author></item>"),
	  AUTHOR, 0, "Humas KPU", 0 },
	{ "RSS author 'Name (email)' gives the name", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><author>Humas KPU (humas@kpu.go.id)</author></item>"),
	  AUTHOR, 0, "Humas KPU", 0 },
	{ "RSS author bare email is kept", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><author>humas@kpu.go.id</author></item>"),
	  AUTHOR, 0, "humas@kpu.go.id", 0 },
	{ "RSS author mailto: dropped", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><author>mailto:humas@kpu.go.id</author></item>"),
	  AUTHOR, 0, "humas@kpu.go.id", 0 },
	{ "RSS author empty parentheses keep the email", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><author>humas@kpu.go.id ()</author></item>"),
	  AUTHOR, 0, "humas@kpu.go.id ()", 0 },
	{ "name with a parenthesis is not an email form", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><author>Ketua KPU (Plt)</author></item>"),
	  AUTHOR, 0, "Ketua KPU (Plt)", 0 },
	{ "dc:creator 'email (Name)'", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><dc:creator>teknis@kpu.go.id (Divisi Teknis)</dc:creator></item>"),
	  AUTHOR, 0, "Divisi Teknis", 0 },
	{ "itunes:author 'Name <email>'", FEED_FORMAT_RSS20,
	  RSS("<item xmlns:i=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><title>x</title>"
	      "<i:author>Podcast KPU &lt;podcast@kpu.go.id&gt;</i:author></item>"),
	  AUTHOR, 0, "Podcast KPU", 0 },
	{ "pubDate RFC 822 with offset", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><pubDate>Wed, 14 Feb 2024 07:00:00 +0700</pubDate></item>"),
	  PUBLISHED, 0, NULL, T0 },
	{ "pubDate WIB", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><pubDate>Wed, 14 Feb 2024 07:00:00 WIB</pubDate></item>"),
	  PUBLISHED, 0, NULL, T0 },
	{ "garbage date is absent", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><pubDate>kemarin sore</pubDate></item>"), PUBLISHED, 0, NULL, -1 },
	{ "atom:updated inside RSS", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><atom:updated>2024-02-14T00:00:00Z</atom:updated></item>"),
	  UPDATED, 0, NULL, T0 },
	{ "description keeps escaped HTML as markup", FEED_FORMAT_RSS20,
	  RSS("<item><description>&lt;p&gt;A &amp;amp; B&lt;/p&gt;</description></item>"),
	  SUMMARY, 0, "<p>A &amp; B</p>", 0 },
	{ "CDATA content", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><content:encoded><![CDATA[<b>tebal</b> & teks]]>"
	      "</content:encoded></item>"), CONTENT, 0, "<b>tebal</b> & teks", 0 },
	{ "raw elements in a description are serialised", FEED_FORMAT_RSS20,
	  RSS("<item><description>a <b>b</b><br/>c</description></item>"), SUMMARY, 0,
	  "a <b>b</b><br/>c", 0 },
	{ "categories and dc:subject, duplicates once", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><category>Berita</category><category> Hukum </category>"
	      "<category>Berita</category><dc:subject>Data</dc:subject></item>"),
	  CATEGORIES, 0, "Berita|Hukum|Data", 0 },
	{ "enclosure", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><enclosure url=\"/a.mp3\" type=\"audio/mpeg\" length=\"42\"/></item>"),
	  ENCLOSURE, 0, "https://www.kpu.go.id/a.mp3 audio/mpeg 42", 0 },
	{ "media:content enclosure with fileSize", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><media:content url=\"https://k.id/f.jpg\" fileSize=\"9\"/></item>"),
	  ENCLOSURE, 0, "https://k.id/f.jpg - 9", 0 },
	{ "unknown extension text does not leak", FEED_FORMAT_RSS20,
	  RSS("<item><x:meta xmlns:x=\"urn:x\"><title>palsu</title></x:meta><title>asli</title></item>"),
	  TITLE, 0, "asli", 0 },
	{ "HTML entities", FEED_FORMAT_RSS20,
	  RSS("<item><title>A&nbsp;&mdash;&ldquo;B&rdquo;&hellip;&eacute;</title></item>"),
	  TITLE, 0, "A \xE2\x80\x94\xE2\x80\x9C" "B\xE2\x80\x9D\xE2\x80\xA6\xC3\xA9", 0 },
	{ "feed title", FEED_FORMAT_RSS20, RSS("<item><title>x</title></item>"), FEED_TITLE, 0, "KPU", 0 },
	{ "feed lastBuildDate", FEED_FORMAT_RSS20,
	  RSS("<lastBuildDate>Wed, 14 Feb 2024 00:00:00 GMT</lastBuildDate><item><title>x</title></item>"),
	  FEED_UPDATED, 0, NULL, T0 },
	{ "image title does not override the channel's", FEED_FORMAT_RSS20,
	  RSS("<image><title>Logo</title><link>https://logo/</link></image><item><title>x</title></item>"),
	  FEED_TITLE, 0, "KPU", 0 },
	{ "RSS 0.91 by version", FEED_FORMAT_RSS09X,
	  "<rss version=\"0.91\"><channel><item><title>x</title></item></channel></rss>", TITLE, 0, "x", 0 },
	{ "rss without version is 2.0", FEED_FORMAT_RSS20,
	  "<rss><channel><item><title>x</title></item></channel></rss>", TITLE, 0, "x", 0 },
	{ "second item", FEED_FORMAT_RSS20,
	  RSS("<item><title>satu</title></item><item><title>dua</title></item>"), TITLE, 1, "dua", 0 },
};

static const struct row rdf_rows[] = {
	{ "RSS 1.0 title", FEED_FORMAT_RSS10,
	  RDF("<item rdf:about=\"https://jabar.kpu.go.id/1\"><title>Debat</title></item>"),
	  TITLE, 0, "Debat", 0 },
	{ "RSS 1.0 rdf:about as link", FEED_FORMAT_RSS10,
	  RDF("<item rdf:about=\"https://jabar.kpu.go.id/1\"><title>Debat</title></item>"),
	  LINK, 0, "https://jabar.kpu.go.id/1", 0 },
	{ "RSS 1.0 rdf:about as guid", FEED_FORMAT_RSS10,
	  RDF("<item rdf:about=\"https://jabar.kpu.go.id/1\"><title>Debat</title></item>"),
	  GUID, 0, "https://jabar.kpu.go.id/1", 0 },
	{ "RSS 1.0 link beats rdf:about", FEED_FORMAT_RSS10,
	  RDF("<item rdf:about=\"urn:1\"><link>https://jabar.kpu.go.id/a</link></item>"),
	  LINK, 0, "https://jabar.kpu.go.id/a", 0 },
	{ "dc:date", FEED_FORMAT_RSS10,
	  RDF("<item rdf:about=\"urn:1\"><dc:date>2024-02-14T07:00:00+07:00</dc:date></item>"),
	  PUBLISHED, 0, NULL, T0 },
	{ "dc:creator", FEED_FORMAT_RSS10,
	  RDF("<item rdf:about=\"urn:1\"><dc:creator>Hupmas</dc:creator></item>"), AUTHOR, 0, "Hupmas", 0 },
	{ "feed link", FEED_FORMAT_RSS10, RDF("<item rdf:about=\"urn:1\"/>"), FEED_LINK, 0,
	  "https://jabar.kpu.go.id/", 0 },
	{ "RSS 0.90 namespace", FEED_FORMAT_RSS09X,
	  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
	  "xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel><title>M</title></channel>"
	  "<item><title>Lama</title><link>https://m.id/1</link></item></rdf:RDF>", TITLE, 0, "Lama", 0 },
};

static const struct row atom_rows[] = {
	{ "Atom title", FEED_FORMAT_ATOM10, ATOM("<entry><title>Penetapan DCT</title></entry>"),
	  TITLE, 0, "Penetapan DCT", 0 },
	{ "Atom html title stripped and decoded", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title type=\"html\">A &lt;b&gt;B&lt;/b&gt; &amp;amp; C&amp;nbsp;D</title></entry>"),
	  TITLE, 0, "A B & C D", 0 },
	{ "Atom xhtml title is its text", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">A <b>B</b></div>"
	       "</title></entry>"), TITLE, 0, "A B", 0 },
	{ "Atom text title keeps angle brackets", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>a &lt;b&gt;</title></entry>"), TITLE, 0, "a <b>", 0 },
	{ "Atom alternate beats self", FEED_FORMAT_ATOM10,
	  ATOM("<entry><link rel=\"self\" href=\"https://a/self\"/><link rel=\"alternate\" "
	       "href=\"https://a/alt\"/></entry>"), LINK, 0, "https://a/alt", 0 },
	{ "Atom link without rel is alternate", FEED_FORMAT_ATOM10,
	  ATOM("<entry><link rel=\"related\" href=\"https://a/rel\"/><link href=\"https://a/norel\"/>"
	       "</entry>"), LINK, 0, "https://a/norel", 0 },
	{ "Atom first link when no alternate", FEED_FORMAT_ATOM10,
	  ATOM("<entry><link rel=\"related\" href=\"https://a/1\"/><link rel=\"via\" href=\"https://a/2\"/>"
	       "</entry>"), LINK, 0, "https://a/1", 0 },
	{ "Atom enclosure link", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><link rel=\"enclosure\" href=\"https://a/sk.pdf\" "
	       "type=\"application/pdf\" length=\"7\"/></entry>"),
	  ENCLOSURE, 0, "https://a/sk.pdf application/pdf 7", 0 },
	{ "xml:base nested and itself relative", FEED_FORMAT_ATOM10,
	  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://kota-bogor.kpu.go.id/berita/\">"
	  "<entry xml:base=\"arsip/\"><link xml:base=\"2024/\" href=\"a.html\"/></entry></feed>",
	  LINK, 0, "https://kota-bogor.kpu.go.id/berita/arsip/2024/a.html", 0 },
	{ "Atom id", FEED_FORMAT_ATOM10, ATOM("<entry><id>urn:kpu:1</id></entry>"), GUID, 0, "urn:kpu:1", 0 },
	{ "Atom author name", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><author><email>a@k.id</email><name>Humas</name></author></entry>"),
	  AUTHOR, 0, "Humas", 0 },
	{ "Atom author name in 'email (Name)' form", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><author><name>a@k.id (Humas)</name></author></entry>"),
	  AUTHOR, 0, "Humas", 0 },
	{ "Atom author email without name", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><author><email>a@k.id</email></author></entry>"),
	  AUTHOR, 0, "a@k.id", 0 },
	{ "Atom published", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><published>2024-02-14T07:00:00.5+07:00</published></entry>"),
	  PUBLISHED, 0, NULL, T0 },
	{ "Atom updated", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><updated>2024-02-14T00:00:00Z</updated></entry>"),
	  UPDATED, 0, NULL, T0 },
	{ "Atom xhtml content without its wrapper div", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
	       "<p>a &amp; <img src=\"f.jpg\"/></p></div></content></entry>"),
	  CONTENT, 0, "<p>a &amp; <img src=\"https://www.kpu.go.id/rss/f.jpg\"/></p>", 0 },
	{ "Atom html content", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><content type=\"html\">&lt;p&gt;isi&lt;/p&gt;</content></entry>"),
	  CONTENT, 0, "<p>isi</p>", 0 },
	{ "Atom text content stays text", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><content type=\"text\">a &lt;b&gt; &amp; c</content></entry>"),
	  CONTENT, 0, "a <b> & c", 0 },
	{ "Atom summary", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><summary>Ringkas</summary></entry>"), SUMMARY, 0, "Ringkas", 0 },
	{ "Atom category term, label fallback", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>x</title><category term=\"a\"/><category label=\"B\"/><category/></entry>"),
	  CATEGORIES, 0, "a|B", 0 },
	{ "atom:source does not override the entry", FEED_FORMAT_ATOM10,
	  ATOM("<entry><title>asli</title><source><title>sumber</title></source></entry>"),
	  TITLE, 0, "asli", 0 },
	{ "odd prefix for Atom", FEED_FORMAT_ATOM10,
	  "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"><a:entry><a:title>x</a:title></a:entry></a:feed>",
	  TITLE, 0, "x", 0 },
	{ "feed subtitle", FEED_FORMAT_ATOM10, ATOM("<subtitle>Berita</subtitle><entry><title>x</title></entry>"),
	  FEED_SUBTITLE, 0, "Berita", 0 },
	{ "feed alternate link", FEED_FORMAT_ATOM10,
	  ATOM("<link rel=\"self\" href=\"https://a/feed\"/><link href=\"https://a/\"/>"),
	  FEED_LINK, 0, "https://a/", 0 },
	{ "Atom 0.3 issued, modified", FEED_FORMAT_ATOM03,
	  ATOM03("<entry><title>x</title><issued>2024-02-14T00:00:00Z</issued></entry>"),
	  PUBLISHED, 0, NULL, T0 },
	{ "Atom 0.3 modified", FEED_FORMAT_ATOM03,
	  ATOM03("<entry><title>x</title><modified>2024-02-14T00:00:00Z</modified></entry>"),
	  UPDATED, 0, NULL, T0 },
	{ "Atom 0.3 tagline", FEED_FORMAT_ATOM03, ATOM03("<tagline>Slogan</tagline>"), FEED_SUBTITLE, 0,
	  "Slogan", 0 },
	{ "Atom 0.3 base64 content", FEED_FORMAT_ATOM03,
	  ATOM03("<entry><title>x</title><content type=\"text/html\" mode=\"base64\">\n"
		 "PHA+UmFwYXQgPGI+cGxlbm88L2I+\n  PC9wPg==</content></entry>"),
	  CONTENT, 0, "<p>Rapat <b>pleno</b></p>", 0 },
	{ "Atom 0.3 base64 text with invalid UTF-8", FEED_FORMAT_ATOM03,
	  ATOM03("<entry><title>x</title><summary mode=\"base64\">S1BV/yBSSQ==</summary></entry>"),
	  SUMMARY, 0, "KPU\xef\xbf\xbd RI", 0 },
	{ "Atom 0.3 escaped content", FEED_FORMAT_ATOM03,
	  ATOM03("<entry><title>x</title><content type=\"text/html\" mode=\"escaped\">&lt;p&gt;a&lt;/p&gt;"
		 "</content></entry>"), CONTENT, 0, "<p>a</p>", 0 },
};

/* The byte pre-pass: what real feeds publish that XML does not allow. Run whole and one
 * byte at a time, every token is also cut by a chunk boundary. */
static const struct repair_row repair_rows[] = {
	{ true, { "bare & in a title", FEED_FORMAT_RSS20,
	  RSS("<item><title>Pemilu & Pilkada</title></item>"), TITLE, 0, "Pemilu & Pilkada", 0 } },
	{ true, { "bare & in a link's query", FEED_FORMAT_RSS20,
	  RSS("<item><link>https://kab-magelang.kpu.go.id/x?a=1&b=2&c</link></item>"), LINK, 0,
	  "https://kab-magelang.kpu.go.id/x?a=1&b=2&c", 0 } },
	{ true, { "bare & in an attribute", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><enclosure url=\"https://k.id/a.mp3?a=1&b=2\" type=\"audio/mpeg\"/>"
	      "</item>"), ENCLOSURE, 0, "https://k.id/a.mp3?a=1&b=2 audio/mpeg -1", 0 } },
	{ true, { "&name without ';' is text, even an entity's name", FEED_FORMAT_RSS20,
	  RSS("<item><link>https://k.id/?y=2&copy=3&amp;z=4</link></item>"), LINK, 0,
	  "https://k.id/?y=2&copy=3&z=4", 0 } },
	{ true, { "bare < that starts no tag", FEED_FORMAT_RSS20,
	  RSS("<item><title>KPU < Bawaslu, a <= b, <3, 1<2 & x</title></item>"), TITLE, 0,
	  "KPU < Bawaslu, a <= b, <3, 1<2 & x", 0 } },
	{ true, { "undeclared name is text", FEED_FORMAT_RSS20,
	  RSS("<item><title>a &kpu; b &amp;c</title></item>"), TITLE, 0, "a &kpu; b &c", 0 } },
	{ false, { "HTML5 entities become characters", FEED_FORMAT_RSS20,
	  RSS("<item><title>&rsquo;&hellip;&eacute;&copy;&trade;&laquo;&raquo;&Oslash;&alpha;&check;"
	      "</title></item>"), TITLE, 0,
	  "\xE2\x80\x99\xE2\x80\xA6\xC3\xA9\xC2\xA9\xE2\x84\xA2\xC2\xAB\xC2\xBB\xC3\x98\xCE\xB1\xE2\x9C\x93", 0 } },
	{ false, { "two-code-point entity", FEED_FORMAT_RSS20,
	  RSS("<item><title>&NotEqualTilde;</title></item>"), TITLE, 0, "\xE2\x89\x82\xCC\xB8", 0 } },
	{ false, { "entity in an attribute", FEED_FORMAT_RSS20,
	  RSS("<item><title>x</title><enclosure url=\"https://k.id/caf&eacute;.mp3\"/></item>"),
	  ENCLOSURE, 0, "https://k.id/caf%C3%A9.mp3 - -1", 0 } },
	{ false, { "references to C1 controls read as Windows-1252", FEED_FORMAT_RSS20,
	  RSS("<item><title>a&#150;b&#x92;c</title></item>"), TITLE, 0,
	  "a\xE2\x80\x93" "b\xE2\x80\x99" "c", 0 } },
	{ false, { "reference to NUL is a replacement character", FEED_FORMAT_RSS20,
	  RSS("<item><title>a&#0;b</title></item>"), TITLE, 0, "a\xEF\xBF\xBD" "b", 0 } },
	{ true, { "unclosed <br> in a description", FEED_FORMAT_RSS20,
	  RSS("<item><description>a<br>b<BR >c</description><title>judul</title></item>"), SUMMARY,
	  0, "a<br/>b<BR/>c", 0 } },
	{ true, { "...and the fields after it are still read", FEED_FORMAT_RSS20,
	  RSS("<item><description>a<br>b</description><title>judul</title></item>"), TITLE, 0,
	  "judul", 0 } },
	{ true, { "end tag of a void element dropped", FEED_FORMAT_RSS20,
	  RSS("<item><description>a<img src=\"f.jpg\"></img>b</description></item>"), SUMMARY, 0,
	  "a<img src=\"https://www.kpu.go.id/rss/f.jpg\"/>b", 0 } },
	{ true, { "unclosed <p> closed by its parent's end tag", FEED_FORMAT_RSS20,
	  RSS("<item><description><p>satu<p>dua</description><title>t</title></item>"), SUMMARY, 0,
	  "<p>satu<p>dua</p></p>", 0 } },
	{ true, { "unclosed title closed by the item's end tag", FEED_FORMAT_RSS20,
	  RSS("<item><title>satu</item><item><title>dua</title></item>"), TITLE, 1, "dua", 0 } },
	{ true, { "stray end tag dropped", FEED_FORMAT_RSS20,
	  RSS("<item><description>a</p>b</span></description><title>t</title></item>"), SUMMARY, 0,
	  "ab", 0 } },
	{ true, { "end tag in another case", FEED_FORMAT_RSS20,
	  RSS("<item><description><P>a</p></description></item>"), SUMMARY, 0, "<P>a</P>", 0 } },
	{ true, { "unquoted and boolean attributes", FEED_FORMAT_RSS20,
	  RSS("<item><description><img src=f.jpg alt=Foto><input disabled></description></item>"),
	  SUMMARY, 0, "<img src=\"https://www.kpu.go.id/rss/f.jpg\" alt=\"Foto\"/><input disabled=\"\"/>", 0 } },
	{ true, { "< and & inside an attribute value", FEED_FORMAT_RSS20,
	  RSS("<item><description><a title=\"1<2 & 3\" href=\"/x\">t</a></description></item>"),
	  SUMMARY, 0, "<a title=\"1&lt;2 &amp; 3\" href=\"https://www.kpu.go.id/x\">t</a>", 0 } },
	{ false, { "CDATA, comments and PIs are left alone", FEED_FORMAT_RSS20,
	  RSS("<item><!-- a & b < c --><?pi & <?><title><![CDATA[x & <y>]]></title></item>"),
	  TITLE, 0, "x & <y>", 0 } },
	{ true, { "whitespace before the XML declaration", FEED_FORMAT_RSS20,
	  "\n\n   <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>a</title></item>"
	  "</channel></rss>", TITLE, 0, "a", 0 } },
	{ false, { "whitespace before the root without declaration is fine", FEED_FORMAT_RSS20,
	  "\n \n<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>",
	  TITLE, 0, "a", 0 } },
};

static const char *field(const struct got *g, const struct feed_info *fi, enum what w, size_t i)
{
	switch (w) {
	case TITLE: return g->title[i];
	case LINK: return g->link[i];
	case GUID: return g->guid[i];
	case AUTHOR: return g->author[i];
	case SUMMARY: return g->summary[i];
	case CONTENT: return g->content[i];
	case CATEGORIES: return g->category[i];
	case ENCLOSURE: return g->enclosure[i];
	case FEED_TITLE: return fi->title;
	case FEED_LINK: return fi->link;
	case FEED_SUBTITLE: return fi->subtitle;
	default: return NULL;
	}
}

static int64_t time_field(const struct got *g, const struct feed_info *fi, enum what w, size_t i)
{
	switch (w) {
	case PUBLISHED: return g->published[i];
	case UPDATED: return g->updated[i];
	case FEED_UPDATED: return fi->has_updated ? fi->updated : -1;
	default: return -2;
	}
}

static void check_row(const struct row *r, size_t step, bool repaired)
{
	struct got g;
	int rc;
	struct feed_parser *p = parse(r->doc, strlen(r->doc), step, &g, &rc);
	print_message("%s (chunks of %zu)\n", r->covers, step);
	assert_int_equal(rc, 0);
	assert_int_equal(feed_parser_format(p), r->format);
	assert_int_equal(feed_parser_wellformed(p), !repaired);
	const struct feed_info *fi = feed_parser_info(p);
	if (r->want)
		assert_string_equal(field(&g, fi, r->what, r->item), r->want);
	else
		assert_int_equal(time_field(&g, fi, r->what, r->item), r->want_time);
	feed_parser_free(p);
}

static void run_table(const struct row *rows, size_t n)
{
	/* Whole, and one byte at a time: chunk boundaries must not matter. */
	for (size_t i = 0; i < n; i++) {
		check_row(&rows[i], 0, false);
		check_row(&rows[i], 1, false);
	}
}

static void test_rss(void **state)
{
	run_table(rss_rows, sizeof rss_rows / sizeof rss_rows[0]);
}

static void test_repair(void **state)
{
	for (size_t i = 0; i < sizeof repair_rows / sizeof repair_rows[0]; i++) {
		check_row(&repair_rows[i].row, 0, repair_rows[i].repaired);
		check_row(&repair_rows[i].row, 1, repair_rows[i].repaired);
	}
}

static void test_rdf(void **state)
{
	run_table(rdf_rows, sizeof rdf_rows / sizeof rdf_rows[0]);
}

static void test_atom(void **state)
{
	run_table(atom_rows, sizeof atom_rows / sizeof atom_rows[0]);
}

#define JF(items) "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"KPU RI\", " \
	"\"home_page_url\": \"https://www.kpu.go.id/\", \"items\": [" items "]}"

static const struct row json_rows[] = {
	{ "JSON Feed title", FEED_FORMAT_JSONFEED, JF("{\"id\": \"1\", \"title\": \" Rapat\\n Pleno \"}"),
	  TITLE, 0, "Rapat Pleno", 0 },
	{ "JSON Feed feed title and link", FEED_FORMAT_JSONFEED, JF(""), FEED_LINK, 0,
	  "https://www.kpu.go.id/", 0 },
	{ "JSON Feed numeric id", FEED_FORMAT_JSONFEED, JF("{\"id\": 42, \"title\": \"x\"}"), GUID, 0,
	  "42", 0 },
	{ "JSON Feed url resolved against the feed", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"url\": \"/blog/read/1\"}"), LINK, 0, "https://www.kpu.go.id/blog/read/1", 0 },
	{ "JSON Feed external_url when no url", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"external_url\": \"https://kpu.go.id/luar\"}"), LINK, 0,
	  "https://kpu.go.id/luar", 0 },
	{ "JSON Feed url beats external_url", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"external_url\": \"https://kpu.go.id/luar\", \"url\": \"https://kpu.go.id/a\"}"),
	  LINK, 0, "https://kpu.go.id/a", 0 },
	{ "JSON Feed escapes and surrogate pairs", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"title\": \"\\\"KPU\\\" \\u00e9 \\ud83d\\uddf3 \\/ \\ud800x\"}"), TITLE, 0,
	  "\"KPU\" \xc3\xa9 \xf0\x9f\x97\xb3 / \xef\xbf\xbdx", 0 },
	{ "JSON Feed content_html with relative image", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"url\": \"https://kab-bantul.kpu.go.id/blog/read/1\", "
	     "\"content_html\": \"<p><img src=\\\"foto.jpg\\\"></p>\"}"), CONTENT, 0,
	  "<p><img src=\"https://kab-bantul.kpu.go.id/blog/read/foto.jpg\"></p>", 0 },
	{ "JSON Feed content_text escaped as HTML", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"content_text\": \"a < b & c\"}"), CONTENT, 0, "a &lt; b &amp; c", 0 },
	{ "JSON Feed content_html beats content_text", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"content_html\": \"<b>h</b>\", \"content_text\": \"t\"}"), CONTENT, 0,
	  "<b>h</b>", 0 },
	{ "JSON Feed summary", FEED_FORMAT_JSONFEED, JF("{\"id\": \"1\", \"summary\": \"Ringkas\"}"),
	  SUMMARY, 0, "Ringkas", 0 },
	{ "JSON Feed 1.0 author", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"author\": {\"name\": \"Humas KPU\", \"url\": \"https://kpu.go.id\"}}"),
	  AUTHOR, 0, "Humas KPU", 0 },
	{ "JSON Feed 1.1 authors: the first", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"authors\": [{\"name\": \"Divisi Teknis\"}, {\"name\": \"Humas\"}]}"),
	  AUTHOR, 0, "Divisi Teknis", 0 },
	{ "JSON Feed tags", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"tags\": [\"Pilkada\", \"DPT\", \"\"]}"), CATEGORIES, 0,
	  "Pilkada|DPT", 0 },
	{ "JSON Feed attachment", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"attachments\": [{\"url\": \"/unduh/sk.pdf\", "
	     "\"mime_type\": \"application/pdf\", \"size_in_bytes\": 2048}]}"), ENCLOSURE, 0,
	  "https://www.kpu.go.id/unduh/sk.pdf application/pdf 2048", 0 },
	{ "JSON Feed dates", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"date_published\": \"2024-02-14T07:00:00+07:00\"}"), PUBLISHED, 0,
	  NULL, T0 },
	{ "JSON Feed modified", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"date_modified\": \"2024-02-14T00:00:00Z\"}"), UPDATED, 0, NULL, T0 },
	{ "JSON Feed unknown members and nesting skipped", FEED_FORMAT_JSONFEED,
	  JF("{\"_kpu\": {\"title\": \"bukan\", \"items\": [{\"id\": \"x\"}]}, \"id\": \"1\", "
	     "\"title\": \"ya\", \"image\": null, \"x\": [true, false, -1.5e3]}"), TITLE, 0, "ya", 0 },
	{ "JSON Feed second item", FEED_FORMAT_JSONFEED,
	  JF("{\"id\": \"1\", \"title\": \"satu\"}, {\"id\": \"2\", \"title\": \"dua\"}"), TITLE, 1,
	  "dua", 0 },
	{ "JSON Feed with a BOM and members in any order", FEED_FORMAT_JSONFEED,
	  "\xEF\xBB\xBF  {\"items\": [{\"id\": \"1\", \"title\": \"awal\"}], "
	  "\"version\": \"https://jsonfeed.org/version/1\"}", TITLE, 0, "awal", 0 },
};

static void test_json_feed(void **state)
{
	run_table(json_rows, sizeof json_rows / sizeof json_rows[0]);
}

/* ---- Encodings ---- */

struct encoded {
	const char *covers;
	const char *doc;
	size_t len;
	const char *title;
};

#define BYTES(s) s, sizeof s - 1
static const struct encoded encodings[] = {
	{ "ISO-8859-1", BYTES("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item>"
			      "<title>Caf\xE9</title></item></channel></rss>"), "Caf\xC3\xA9" },
	{ "Windows-1252 smart quotes", BYTES("<?xml version='1.0' encoding='windows-1252'?><rss><channel>"
			      "<item><title>\x93Pemilu\x94 \x96 \x85</title></item></channel></rss>"),
	  "\xE2\x80\x9CPemilu\xE2\x80\x9D \xE2\x80\x93 \xE2\x80\xA6" },
	{ "UTF-16LE with BOM", BYTES("\xFF\xFE<\0r\0s\0s\0>\0<\0c\0h\0a\0n\0n\0e\0l\0>\0<\0i\0t\0e\0m\0>\0"
				     "<\0t\0i\0t\0l\0e\0>\0\x13\x20\0\xD8\x00\xDC<\0/\0t\0i\0t\0l\0e\0>\0"
				     "<\0/\0i\0t\0e\0m\0>\0<\0/\0c\0h\0a\0n\0n\0e\0l\0>\0<\0/\0r\0s\0s\0>\0"),
	  "\xE2\x80\x93\xF0\x90\x80\x80" },
	{ "UTF-16BE with BOM", BYTES("\xFE\xFF\0<\0r\0s\0s\0>\0<\0c\0h\0a\0n\0n\0e\0l\0>\0<\0i\0t\0e\0m\0>"
				     "\0<\0t\0i\0t\0l\0e\0>\0\xE9\0<\0/\0t\0i\0t\0l\0e\0>"
				     "\0<\0/\0i\0t\0e\0m\0>\0<\0/\0c\0h\0a\0n\0n\0e\0l\0>\0<\0/\0r\0s\0s\0>"),
	  "\xC3\xA9" },
	{ "invalid UTF-8 replaced", BYTES("<rss><channel><item><title>a\xFF" "b\xC3(c\xE2\x82</title>"
					  "</item></channel></rss>"),
	  "a\xEF\xBF\xBD" "b\xEF\xBF\xBD(c\xEF\xBF\xBD" },
	{ "UTF-8 split across chunks", BYTES("<rss><channel><item><title>\xE2\x80\x93\xF0\x9F\x97\xB3"
					     "</title></item></channel></rss>"),
	  "\xE2\x80\x93\xF0\x9F\x97\xB3" },
	{ "unknown encoding read as UTF-8", BYTES("<?xml version=\"1.0\" encoding=\"x-tidak-ada\"?><rss>"
						  "<channel><item><title>\xE2\x80\x93 ok</title></item>"
						  "</channel></rss>"), "\xE2\x80\x93 ok" },
};

static void test_encodings(void **state)
{
	for (size_t i = 0; i < sizeof encodings / sizeof encodings[0]; i++) {
		const struct encoded *e = &encodings[i];
		for (size_t step = 0; step <= 1; step++) {
			struct got g;
			int rc;
			print_message("%s (chunks of %zu)\n", e->covers, step);
			struct feed_parser *p = parse(e->doc, e->len, step, &g, &rc);
			assert_int_equal(rc, 0);
			assert_int_equal(g.n, 1);
			assert_string_equal(g.title[0], e->title);
			feed_parser_free(p);
		}
	}
}

/* ---- Recovery, hostility and failures ---- */

struct outcome {
	const char *covers;
	const char *doc;
	int rc;
	bool wellformed;
	size_t items;
	const char *title0;    /* NULL: not checked */
	const char *error;     /* substring of feed_parser_error, NULL: none */
};

#define X64 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define KB_X X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64 X64
static const struct outcome outcomes[] = {
	{ "truncated item is kept", RSS("<item><title>utuh</title></item><item><title>potong"),
	  0, false, 2, "utuh", NULL },
	{ "unclosed item recovered", "<rss><channel><item><title>a</title><description>d</item>"
	  "<item><title>b</title></item></channel></rss>", 0, false, 2, "a", NULL },
	{ "undeclared entity is kept as text", RSS("<item><title>a &foo; b &amp; c</title></item>"),
	  0, false, 1, "a &foo; b & c", NULL },
	{ "entity that a DTD may declare yields nothing", "<!DOCTYPE rss SYSTEM \"http://127.0.0.1:9/r.dtd\">"
	  "<rss><channel><item><title>a &foo; b</title></item></channel></rss>", 0, false, 1, "a b", NULL },
	{ "XXE file yields nothing", "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	  "<rss><channel><item><title>a&x;b</title></item></channel></rss>", 0, false, 1, "ab", NULL },
	{ "billion laughs yields nothing", "<!DOCTYPE rss [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;\">"
	  "<!ENTITY c \"&b;&b;&b;&b;\">]><rss><channel><item><title>x&c;y</title></item></channel></rss>",
	  0, false, 1, "xy", NULL },
	{ "declared internal entity expands as text", "<!DOCTYPE rss [<!ENTITY kpu \"Komisi Pemilihan Umum\">"
	  "<!ENTITY c \"&#169; &amp; &lt;KPU&gt;\">]><rss><channel><item><title>&kpu; RI &c;</title>"
	  "</item></channel></rss>", 0, true, 1, "Komisi Pemilihan Umum RI \xc2\xa9 & <KPU>", NULL },
	{ "entity referring to another yields nothing", "<!DOCTYPE rss [<!ENTITY a \"KPU\">"
	  "<!ENTITY b \"&a; RI\">]><rss><channel><item><title>[&b;] &a;</title></item></channel></rss>",
	  0, false, 1, "[] KPU", NULL },
	{ "long entity value yields nothing", "<!DOCTYPE rss [<!ENTITY a \"" KB_X "\">]>"
	  "<rss><channel><item><title>[&a;]</title></item></channel></rss>", 0, false, 1, "[]", NULL },
	{ "parameter entity not loaded", "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>"
	  "<rss><channel><item><title>ok</title></item></channel></rss>", 0, false, 1, "ok", NULL },
	{ "HTML page", "<!DOCTYPE html><html><head><title>x</title></head></html>", -1, true, 0, NULL,
	  "the root element is <html>" },
	{ "random root", "<urlset><url/></urlset>", -1, true, 0, NULL, "the root element is <urlset>" },
	{ "empty", "", -1, true, 0, NULL, "empty" },
	{ "plain text", "Bukan XML sama sekali", -1, false, 0, NULL, "no XML element" },
	{ "feed without a namespace is Atom", "<feed><title>x</title><entry><title>y</title>"
	  "<link href=\"/a\"/></entry></feed>", 0, true, 1, "y", NULL },
	{ "JSON without a JSON Feed version", "{\"title\": \"KPU\", \"items\": [{\"id\": \"1\"}]}",
	  -1, true, 1, NULL, "not a JSON Feed" },
	{ "a JSON array", "[1, 2]", -1, true, 0, NULL, "not a JSON Feed" },
	{ "JSON Feed cut: whole items kept, the cut one dropped",
	  JF("{\"id\": \"1\", \"title\": \"utuh\"}, {\"id\": \"2\", \"title\": \"pot"),
	  0, false, 1, "utuh", NULL },
	{ "JSON Feed with a syntax error: items before it kept",
	  JF("{\"id\": \"1\", \"title\": \"utuh\"}, {\"id\" \"2\"}"), 0, false, 1, "utuh", NULL },
	{ "feed in another namespace", "<feed xmlns=\"urn:lain\"><title>x</title></feed>", -1, true,
	  0, NULL, "outside the Atom namespace" },
};

static void test_outcomes(void **state)
{
	for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++) {
		const struct outcome *o = &outcomes[i];
		struct got g;
		int rc;
		print_message("%s\n", o->covers);
		struct feed_parser *p = parse(o->doc, strlen(o->doc), 0, &g, &rc);
		assert_int_equal(rc, o->rc);
		if (rc == 0)
			assert_int_equal(feed_parser_wellformed(p), o->wellformed);
		assert_int_equal(g.n, o->items);
		if (o->title0)
			assert_string_equal(g.title[0], o->title0);
		if (o->error) {
			assert_non_null(feed_parser_error(p));
			assert_non_null(strstr(feed_parser_error(p), o->error));
		} else {
			assert_null(feed_parser_error(p));
		}
		feed_parser_free(p);
	}
}

/* ---- Limits ---- */

static void test_depth_limit(void **state)
{
	struct buf doc;
	buf_init(&doc);
	buf_adds(&doc, RSS("<item><title>sebelum</title></item><item><title>dalam</title>"));
	doc.len -= strlen("</channel></rss>");
	for (int i = 0; i < 5000; i++)
		buf_adds(&doc, "<x>");
	struct got g;
	int rc;
	struct feed_parser *p = parse(doc.data, doc.len, 4096, &g, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.title[0], "sebelum");
	assert_non_null(strstr(feed_parser_error(p), "deeper than 256"));
	assert_non_null(strstr(feed_parser_warnings(p), "deeper than 256"));
	feed_parser_free(p);
	buf_free(&doc);
}

static void test_field_and_item_limits(void **state)
{
	struct feed_limits limits;
	feed_limits_default(&limits);
	limits.max_field_bytes = 100;
	limits.max_items = 3;
	struct got g;
	memset(&g, 0, sizeof g);
	struct feed_parser *p = feed_parser_new(NULL, &limits, collect, &g);
	const char *doc = RSS("<item><title>\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
			      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
			      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
			      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
			      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
			      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9</title></item>"
			      "<item><title>2</title></item><item><title>3</title></item>"
			      "<item><title>4</title></item><item><title>5</title></item>");
	assert_int_equal(feed_parser_push(p, doc, strlen(doc)), 0);
	assert_int_equal(feed_parser_finish(p), 0);
	assert_int_equal(g.n, 3);
	assert_int_equal(strlen(g.title[0]), 100); /* 50 two-byte characters, none cut */
	const char *w = feed_parser_warnings(p);
	assert_non_null(strstr(w, "title longer than 100 bytes cut"));
	assert_non_null(strstr(w, "more than 3 items"));
	assert_non_null(strstr(feed_parser_error(p), "more than 3 items"));
	feed_parser_free(p);
}

/* Declared entities expand within a budget: 4000 references to a 1000-byte entity (the
 * quadratic blow-up) stop at 1 MiB, with a warning, and the item is still kept. */
static void test_entity_budget(void **state)
{
	struct buf doc;
	buf_init(&doc);
	buf_adds(&doc, "<!DOCTYPE rss [<!ENTITY a \"");
	for (int i = 0; i < 1000; i++)
		buf_addc(&doc, 'A');
	buf_adds(&doc, "\">]><rss><channel><item><link>https://kpu.go.id/a</link><description>");
	for (int i = 0; i < 4000; i++)
		buf_adds(&doc, "&a;");
	buf_adds(&doc, "</description></item></channel></rss>");
	struct got g;
	int rc;
	struct feed_parser *p = parse(doc.data, doc.len, 4096, &g, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(g.n, 1);
	assert_false(feed_parser_wellformed(p));
	assert_non_null(strstr(feed_parser_warnings(p), "entities expanded to more than 1048576 bytes"));
	feed_parser_free(p);
	buf_free(&doc);
}

static int stop_at_first(void *ctx, const struct feed_item *it)
{
	(*(int *)ctx)++;
	return 1;
}

static void test_callback_stops(void **state)
{
	int calls = 0;
	struct feed_parser *p = feed_parser_new(NULL, NULL, stop_at_first, &calls);
	const char *doc = RSS("<item><title>1</title></item><item><title>2</title></item>");
	assert_int_equal(feed_parser_push(p, doc, strlen(doc)), -1);
	assert_int_equal(feed_parser_finish(p), 0);
	assert_int_equal(calls, 1);
	feed_parser_free(p);
}

/* ---- Sniffing ---- */

static const struct {
	const char *covers;
	const char *data;
	bool feed;
} sniffs[] = {
	{ "rss root", "<rss version=\"2.0\">", true },
	{ "declaration, comment, then feed", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x -->\n<feed xmlns=\"a\">", true },
	{ "rdf:RDF", "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", true },
	{ "stylesheet PI then rss", "<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?><rss>", true },
	{ "DOCTYPE with an internal subset", "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
	  "<!ENTITY kpu \"Komisi > Pemilihan\"><!-- ] > -->\n]>\n<rss version=\"2.0\">", true },
	{ "internal subset longer than the data: its name", "<!DOCTYPE rss [<!ENTITY a \"b\">", true },
	{ "JSON Feed goes to the parser (which refuses it clearly)",
	  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"KPU\"}", true },
	{ "any JSON object goes to the parser too", "{\"title\": \"KPU\"}", true },
	{ "a JSON array is not a feed", "[{\"title\": \"KPU\"}]", false },
	{ "a page about JSON Feed is not a feed",
	  "<!DOCTYPE html><html><p>https://jsonfeed.org/version/1.1</p></html>", false },
	{ "internal subset of a feed element", "<!DOCTYPE feed[<!ENTITY a \"b\">", true },
	{ "internal subset of an HTML-ish root", "<!DOCTYPE page [<!ENTITY a \"b\">]><page>", false },
	{ "public DOCTYPE then rss", "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
	  "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\">", true },
	{ "HTML doctype", "<!DOCTYPE html><html>", false },
	{ "html root", "  <html lang=\"id\">", false },
	{ "XML but HTML", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", false },
	{ "text", "Berita terkini", false },
	{ "empty", "", false },
};

static void test_sniff(void **state)
{
	for (size_t i = 0; i < sizeof sniffs / sizeof sniffs[0]; i++) {
		print_message("%s\n", sniffs[i].covers);
		assert_int_equal(feed_sniff(sniffs[i].data, strlen(sniffs[i].data)), sniffs[i].feed);
	}
	assert_string_equal(feed_format_name(FEED_FORMAT_RSS09X), "rss0.9x");
	assert_string_equal(feed_format_name(FEED_FORMAT_ATOM03), "atom0.3");
	assert_null(feed_format_name(FEED_FORMAT_UNKNOWN));
}

/* ---- Flat memory: libxml2's live bytes are counted through xmlMemSetup ---- */

static size_t live_bytes, peak_bytes;

struct header {
	size_t size;
	max_align_t align;
};

static void *count_malloc(size_t n)
{
	struct header *h = malloc(sizeof *h + n);
	if (!h)
		return NULL;
	h->size = n;
	live_bytes += n;
	if (live_bytes > peak_bytes)
		peak_bytes = live_bytes;
	return h + 1;
}

static void count_free(void *ptr)
{
	if (!ptr)
		return;
	struct header *h = (struct header *)ptr - 1;
	live_bytes -= h->size;
	free(h);
}

static void *count_realloc(void *ptr, size_t n)
{
	if (!ptr)
		return count_malloc(n);
	struct header *h = (struct header *)ptr - 1;
	size_t old = h->size;
	struct header *r = realloc(h, sizeof *r + n);
	if (!r)
		return NULL;
	r->size = n;
	live_bytes = live_bytes - old + n;
	if (live_bytes > peak_bytes)
		peak_bytes = live_bytes;
	return r + 1;
}

static char *count_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = count_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static int count_items(void *ctx, const struct feed_item *it)
{
	(*(size_t *)ctx)++;
	return 0;
}

static void test_flat_memory(void **state)
{
	size_t n = 0;
	struct feed_limits limits;
	feed_limits_default(&limits);
	limits.max_items = SIZE_MAX;
	struct feed_parser *p = feed_parser_new(NULL, &limits, count_items, &n);
	const char *head = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Besar</title>";
	assert_int_equal(feed_parser_push(p, head, strlen(head)), 0);
	struct buf chunk;
	buf_init(&chunk);
	size_t pushed = 0, after_first = 0;
	for (int i = 0; pushed < 20u * 1024 * 1024; i++) {
		buf_reset(&chunk);
		for (int k = 0; k < 200; k++)
			buf_printf(&chunk, "<item><title>Rapat pleno %d-%d &amp; rekapitulasi</title>"
				   "<link>https://kpu.example/%d/%d</link><description>&lt;p&gt;Isi "
				   "berita yang cukup panjang untuk mengisi potongan&lt;/p&gt;</description>"
				   "</item>\n", i, k, i, k);
		assert_int_equal(feed_parser_push(p, chunk.data, chunk.len), 0);
		pushed += chunk.len;
		if (i == 0)
			after_first = peak_bytes;
	}
	const char *tail = "</channel></rss>";
	feed_parser_push(p, tail, strlen(tail));
	assert_int_equal(feed_parser_finish(p), 0);
	assert_true(n > 50000);
	print_message("pushed %zu bytes, %zu items; libxml2 peak %zu bytes (after first chunk %zu)\n",
		      pushed, n, peak_bytes, after_first);
	/* The peak must not grow with the input: a few MB at most for 20 MB pushed. */
	assert_true(peak_bytes < 4u * 1024 * 1024);
	assert_true(peak_bytes < after_first + 2u * 1024 * 1024);
	feed_parser_free(p);
	buf_free(&chunk);
}

int main(void)
{
	/* Must precede any libxml2 allocation. */
	xmlMemSetup(count_free, count_malloc, count_realloc, count_strdup);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_rdf),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_json_feed),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_field_and_item_limits),
		cmocka_unit_test(test_entity_budget),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_flat_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
