-- A warta archive as schema version 1 wrote it (before the meta table and the
-- article_sources(article_id) index of version 2), with a little of everything in it.
-- test_store loads this into a fresh file and checks that opening migrates it whole.
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TABLE offices(slug TEXT PRIMARY KEY, level TEXT, name TEXT, province TEXT, domain TEXT, tz TEXT);
CREATE TABLE divisions(id TEXT PRIMARY KEY, name TEXT);
CREATE TABLE sources(id INTEGER PRIMARY KEY, url TEXT UNIQUE NOT NULL, title TEXT, kind TEXT NOT NULL DEFAULT 'unknown', office TEXT, full_text INTEGER NOT NULL DEFAULT 0, etag TEXT, last_modified TEXT, added INTEGER, last_attempt INTEGER, last_success INTEGER, last_error TEXT, last_status INTEGER, last_error_time INTEGER);
CREATE TABLE articles(id INTEGER PRIMARY KEY AUTOINCREMENT, source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE, url TEXT, guid TEXT, title TEXT, author TEXT, published INTEGER NOT NULL, published_estimated INTEGER NOT NULL DEFAULT 0, updated INTEGER, fetched INTEGER NOT NULL, summary TEXT, body_html TEXT, body_text TEXT, content_hash TEXT, office TEXT);
CREATE TABLE article_sources(source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE, key TEXT, article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE, PRIMARY KEY(source_id, key));
CREATE TABLE article_offices(article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE, office TEXT, evidence TEXT, PRIMARY KEY(article_id, office));
CREATE TABLE article_divisions(article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE, division TEXT, evidence TEXT, PRIMARY KEY(article_id, division));
CREATE INDEX articles_published ON articles(published DESC, id DESC);
CREATE INDEX articles_source ON articles(source_id, published, id);
CREATE INDEX articles_office ON articles(office, published, id);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX article_offices_office ON article_offices(office, article_id);
CREATE INDEX article_divisions_division ON article_divisions(division, article_id);
CREATE VIEW articles_fts_content AS SELECT id, title, body_text AS body FROM articles;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles_fts_content', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body_text); END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES('delete', old.id, old.title, old.body_text); END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body_text ON articles BEGIN INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES('delete', old.id, old.title, old.body_text); INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body_text); END;

CREATE TABLE state_read(article_id INTEGER PRIMARY KEY, at INTEGER);
CREATE TABLE state_flag(article_id INTEGER PRIMARY KEY, at INTEGER);
CREATE TABLE state_tag(article_id INTEGER, tag TEXT, at INTEGER, PRIMARY KEY(article_id, tag));
CREATE INDEX state_tag_tag ON state_tag(tag, article_id);
CREATE TABLE state_view(name TEXT PRIMARY KEY, query TEXT, at INTEGER);
INSERT INTO offices VALUES('kab-semarang','kabupaten','KPU Kabupaten Semarang','Jawa Tengah','kab-semarang.kpu.go.id','Asia/Jakarta');
INSERT INTO offices VALUES('prov-jateng','provinsi','KPU Provinsi Jawa Tengah','Jawa Tengah','jateng.kpu.go.id','Asia/Jakarta');
INSERT INTO divisions VALUES('TEKNIS','Teknis Penyelenggaraan');
INSERT INTO sources(id, url, title, kind, office, full_text, added, last_attempt, last_success, last_status) VALUES(1,'https://kab-semarang.kpu.go.id/feed/','KPU Kabupaten Semarang','feed','kab-semarang',0,1704067200,1704153600,1704153600,200);
INSERT INTO sources(id, url, title, kind, office, added, last_attempt, last_error, last_status, last_error_time) VALUES(2,'https://jateng.kpu.go.id/berita','KPU Jawa Tengah','listing','prov-jateng',1704067200,1704153600,'HTTP 503 Service Unavailable',503,1704153600);
INSERT INTO articles(id, source_id, url, guid, title, author, published, fetched, summary, body_html, body_text, content_hash, office) VALUES(1,1,'https://kab-semarang.kpu.go.id/berita/rapat-pleno-rekapitulasi','https://kab-semarang.kpu.go.id/?p=101','Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Suara','Humas KPU Kab. Semarang',1708502400,1708588800,'<p>KPU Kabupaten Semarang menggelar rapat pleno terbuka.</p>','<p>KPU Kabupaten Semarang menggelar rapat pleno terbuka rekapitulasi di Ungaran.</p>','KPU Kabupaten Semarang menggelar rapat pleno terbuka rekapitulasi di Ungaran.','0000000000000001','kab-semarang');
INSERT INTO articles(id, source_id, url, guid, title, published, published_estimated, fetched, body_text, content_hash, office) VALUES(2,2,'https://jateng.kpu.go.id/berita/bimtek-kpps','','Bimbingan Teknis KPPS se-Jawa Tengah',1706745600,1,1706745600,'Bimbingan teknis bagi anggota KPPS dilaksanakan serentak.','0000000000000002','prov-jateng');
INSERT INTO article_sources VALUES(1,'https://kab-semarang.kpu.go.id/?p=101',1);
INSERT INTO article_sources VALUES(2,'https://jateng.kpu.go.id/berita/bimtek-kpps',2);
INSERT INTO article_offices VALUES(1,'kab-semarang','KPU Kabupaten Semarang');
INSERT INTO article_divisions VALUES(1,'TEKNIS','rekapitulasi');
INSERT INTO state_read VALUES(1,1708600000);
INSERT INTO state_flag VALUES(2,1708600000);
INSERT INTO state_tag VALUES(1,'pemilu2024',1708600000);
INSERT INTO state_view VALUES('jateng','province:"jawa tengah"',1708600000);
PRAGMA user_version = 1;
COMMIT;
