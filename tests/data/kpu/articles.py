# The articles of the KPU end-to-end fixture sites: the truth that generate.py renders into
# pages (tests/data/kpu/sites) and into tests/data/kpu/expected.json. All text is written
# for warta in the KPU style; names of people are invented.
#
# Per article: key, site, url (path), title, paras (body paragraphs in order), credit (the
# closing credit line, kept in the body; may be None), author (None when none), date
# ("YYYY-MM-DD HH:MM", UTC offset in hours) or None (estimated), office (the publishing
# office slug or None), mentions, divisions (id -> evidence phrase).

SEMARANG = "kota-semarang.kpu.go.id"
MAKASSAR = "kota-makassar.kpu.go.id"
JAYAPURA = "kota-jayapura.kpu.go.id"
RI = "www.kpu.go.id"
BLOG = "suarademokrasi.blogspot.test"
PORTAL = "www.kabarpemilu.test"


def art(key, site, url, title, paras, credit, author, date, office, mentions, divisions,
        lead=None):
    return dict(key=key, site=site, url=url, title=title, paras=paras, credit=credit,
                author=author, date=date, office=office, mentions=sorted(mentions),
                divisions=divisions, lead=lead or paras[0][:160])


S = "/index.php/blog/read/"
ARTICLES = [
    # ---- KPU Kota Semarang: Bootstrap-like CMS, 4 listing pages of 2 (s1 newest) ---------
    art("s1", SEMARANG, S + "8120_kpu-kota-semarang-gelar-rapat-pleno-dpb-triwulan-iii",
        "KPU Kota Semarang Gelar Rapat Pleno DPB Triwulan III",
        ["Semarang, kota-semarang.kpu.go.id – Komisi Pemilihan Umum (KPU) Kota Semarang "
         "menggelar rapat pleno terbuka rekapitulasi daftar pemilih berkelanjutan triwulan III "
         "pada Kamis, 3 Oktober 2024 pukul 09.00 WIB di aula kantor KPU Kota Semarang.",
         "Anggota KPU Kota Semarang Divisi Perencanaan, Data dan Informasi, Novi Maria Ulfah, "
         "menyampaikan bahwa jumlah pemilih tercatat sebanyak 1.181.204 orang. “Kami berterima "
         "kasih atas masukan Bawaslu dan Dinas Kependudukan dan Pencatatan Sipil,” ujarnya.",
         "Rapat dihadiri perwakilan partai politik, Bawaslu Kota Semarang, serta Kepala "
         "Subbagian Perencanaan, Data dan Informasi Sekretariat KPU Kota Semarang."],
        "(erh/ed. Foto: awh/KPU Kota Semarang)", None, ("2024-10-03 09:00", 7),
        "kota-semarang", ["kota-semarang"],
        {"RENDATIN": "Divisi Perencanaan, Data dan Informasi"}),
    art("s2", SEMARANG, S + "8114_sosialisasi-pendidikan-pemilih-bagi-penyandang-disabilitas",
        "SOSIALISASI PENDIDIKAN PEMILIH BAGI PENYANDANG DISABILITAS",
        ["Oleh Nurwidyarini DP",
         "Semarang – KPU Kota Semarang melaksanakan sosialisasi pendidikan pemilih bagi "
         "penyandang disabilitas pada Selasa (24/09/2024) bertempat di Balai Kota Semarang.",
         "Ketua Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM, Anita "
         "Dwi Rahayu, mengajak para peserta menggunakan hak pilihnya. Penyelenggara juga "
         "menyiapkan template braille di setiap TPS.",
         "Kegiatan ini juga diikuti oleh pendamping dari Dinas Sosial Kota Semarang."],
        "(nwd/ed. Foto: KPU Kota Semarang)", "Nurwidyarini DP", ("2024-09-24 00:00", 7),
        "kota-semarang", ["kota-semarang"],
        {"SOSDIKLIH": "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM"}),
    art("s3", SEMARANG, S + "8101_kpu-kota-semarang-ikuti-rakor-kpu-provinsi-jateng",
        "KPU Kota Semarang Ikuti Rakor KPU Provinsi Jateng",
        ["Semarang, kota-semarang.kpu.go.id – Jajaran KPU Kota Semarang mengikuti rapat "
         "koordinasi persiapan logistik yang diselenggarakan KPU Provinsi Jateng di Hotel "
         "Patra Semarang, Senin, 16 September 2024.",
         "Koordinator Divisi Keuangan, Umum dan Logistik KPU Kota Semarang, Henry Casandra "
         "Gultom, menekankan ketepatan distribusi. Hadir pula KPU Kabupaten Semarang dan KPU "
         "Kab. Demak yang memaparkan kesiapan gudang logistik masing-masing."],
        "(hcg/ed. Foto: KPU Kota Semarang)", None, ("2024-09-16 00:00", 7),
        "kota-semarang", ["kota-semarang", "jateng", "kab-semarang", "kab-demak"],
        {"KUL": "Divisi Keuangan, Umum dan Logistik"}),
    art("s4", SEMARANG, S + "8090_bimtek-aplikasi-sirekap-bagi-ppk-se-kota-semarang",
        "Bimtek Aplikasi Sirekap bagi PPK se-Kota Semarang",
        ["Semarang, kota-semarang.kpu.go.id – KPU Kota Semarang menggelar bimbingan teknis "
         "penggunaan aplikasi Sirekap bagi Panitia Pemilihan Kecamatan (PPK) se-Kota Semarang "
         "pada 5 September 2024.",
         "Anggota KPU Kota Semarang Devisi Teknis Penyelenggaraan, Arif Budiman, meminta PPK "
         "memastikan seluruh KPPS memahami tata cara unggah formulir hasil.",
         "Bimtek dilanjutkan dengan simulasi penghitungan suara di tiap kecamatan."],
        "(abd/ed. Foto: KPU Kota Semarang)", None, ("2024-09-05 00:00", 7),
        "kota-semarang", ["kota-semarang"], {"TEKNIS": "Devisi Teknis Penyelenggaraan"}),
    art("s5", SEMARANG, S + "8077_penandatanganan-pakta-integritas-anggota-ppk",
        "Penandatanganan Pakta Integritas Anggota PPK",
        ["Semarang, kota-semarang.kpu.go.id – Sebanyak 80 anggota PPK menandatangani pakta "
         "integritas di hadapan Ketua KPU Kota Semarang pada Jumat (23/8/2024).",
         "Kadiv Hukum dan Pengawasan, Sri Wahyuni, mengingatkan kewajiban menjaga netralitas "
         "dan larangan menjadi anggota partai politik."],
        "(swy/ed. Foto: KPU Kota Semarang)", None, ("2024-08-23 00:00", 7),
        "kota-semarang", ["kota-semarang"], {"HUKUM": "Hukum dan Pengawasan"}),
    art("s6", SEMARANG, S + "8060_kpu-kota-semarang-terima-kunjungan-mahasiswa-undip",
        "KPU Kota Semarang Terima Kunjungan Mahasiswa UNDIP",
        ["Semarang, kota-semarang.kpu.go.id – Mahasiswa Fakultas Ilmu Sosial dan Ilmu Politik "
         "Universitas Diponegoro berkunjung ke KPU Kota Semarang, Rabu, 14 Agustus 2024.",
         "Para mahasiswa berdiskusi tentang tahapan pencalonan wali kota dan wakil wali kota "
         "serta peran media sosial dalam pendidikan pemilih."],
        "(ed. Foto: KPU Kota Semarang)", None, ("2024-08-14 00:00", 7),
        "kota-semarang", ["kota-semarang"], {}),
    art("s7", SEMARANG, S + "8041_pelantikan-anggota-pps-pemilihan-2024",
        "Pelantikan Anggota PPS Pemilihan 2024",
        ["Semarang, kota-semarang.kpu.go.id – KPU Kota Semarang melantik 531 anggota Panitia "
         "Pemungutan Suara pada Sabtu, 27 Juli 2024 di Gedung Pertemuan Kota Semarang.",
         "Pelantikan dihadiri jajaran Forkopimda dan Bawaslu Kota Semarang."],
        "(erh/ed. Foto: KPU Kota Semarang)", None, ("2024-07-27 00:00", 7),
        "kota-semarang", ["kota-semarang"], {}),
    art("s8", SEMARANG, S + "8030_rekrutmen-pantarlih-pemilihan-serentak",
        "Rekrutmen Pantarlih Pemilihan Serentak",
        ["Semarang, kota-semarang.kpu.go.id – KPU Kota Semarang membuka pendaftaran Petugas "
         "Pemutakhiran Data Pemilih mulai 10 Juni 2024.",
         "Pendaftar wajib berusia paling rendah 17 tahun dan berdomisili di wilayah kerja."],
        "(erh/ed. Foto: KPU Kota Semarang)", None, ("2024-06-10 00:00", 7),
        "kota-semarang", ["kota-semarang"], {}),
    # three articles published later (the listing of the second fetch)
    art("n1", SEMARANG, S + "8135_kpu-kota-semarang-tetapkan-dpt-pemilihan-2024",
        "KPU Kota Semarang Tetapkan DPT Pemilihan 2024",
        ["Semarang, kota-semarang.kpu.go.id – KPU Kota Semarang menetapkan daftar pemilih tetap "
         "Pemilihan Wali Kota dan Wakil Wali Kota Semarang Tahun 2024 dalam rapat pleno pada "
         "Jumat, 18 Oktober 2024 pukul 13.30 WIB.",
         "Anggota KPU Kota Semarang Divisi Rendatin, Novi Maria Ulfah, menyebut DPT berjumlah "
         "1.183.650 pemilih yang tersebar di 2.498 TPS."],
        "(erh/ed. Foto: awh/KPU Kota Semarang)", None, ("2024-10-18 13:30", 7),
        "kota-semarang", ["kota-semarang"], {"RENDATIN": "Divisi Rendatin"}),
    art("n2", SEMARANG, S + "8131_debat-publik-pertama-calon-wali-kota-semarang",
        "Debat Publik Pertama Calon Wali Kota Semarang",
        ["Semarang, kota-semarang.kpu.go.id – Debat publik pertama pasangan calon Wali Kota dan "
         "Wakil Wali Kota Semarang digelar pada 12 Oktober 2024 di Hotel Gumaya.",
         "Debat mengusung tema peningkatan kesejahteraan masyarakat dan pelayanan publik."],
        "(hcg/ed. Foto: KPU Kota Semarang)", None, ("2024-10-12 00:00", 7),
        "kota-semarang", ["kota-semarang"], {}),
    art("n3", SEMARANG, S + "8125_kpu-ri-supervisi-kesiapan-pemilihan-di-kota-semarang",
        "KPU RI Supervisi Kesiapan Pemilihan di Kota Semarang",
        ["Semarang, kota-semarang.kpu.go.id – Anggota KPU RI, August Mellaz, melakukan "
         "supervisi kesiapan pemilihan di KPU Kota Semarang pada Selasa, 8 Oktober 2024.",
         "Supervisi meliputi kesiapan gudang logistik dan pembentukan KPPS."],
        "(erh/ed. Foto: KPU Kota Semarang)", None, ("2024-10-08 00:00", 7),
        "kota-semarang", ["kota-semarang", "ri"], {}),

    # ---- KPU Kota Makassar (WITA): card listing, body in <br>-separated runs --------------
    art("m1", MAKASSAR, "/blog/read/kpu-makassar-gelar-bimtek-kpps",
        "KPU Makassar Gelar Bimtek KPPS",
        ["Makassar, 14 Maret 2024 – KPU Kota Makassar menggelar bimbingan teknis bagi Kelompok "
         "Penyelenggara Pemungutan Suara di 15 kecamatan.",
         "Ketua Divisi Teknis Penyelenggaraan KPU Kota Makassar, Gunawan Mashar, mengatakan "
         "bimtek bertujuan menyamakan pemahaman tata cara pemungutan dan penghitungan suara.",
         "Kegiatan berlangsung selama tiga hari di masing-masing kecamatan."],
        "(Humas KPU Kota Makassar)", None, ("2024-03-14 00:00", 8),
        "kota-makassar", ["kota-makassar"], {"TEKNIS": "Divisi Teknis Penyelenggaraan"}),
    art("m2", MAKASSAR, "/blog/read/rapat-koordinasi-bersama-kpu-provinsi-sulsel",
        "Rapat Koordinasi Bersama KPU Provinsi Sulawesi Selatan",
        ["Makassar – KPU Provinsi Sulawesi Selatan menggelar rapat koordinasi dengan KPU Kota "
         "Makassar dan KPU Kabupaten Gowa pada Rabu, 12 Januari 2022 pukul 19.00 WITA.",
         "Anggota KPU Kota Makassar Divisi Hukum & Pengawasan, Endang Sari, memaparkan "
         "evaluasi penanganan sengketa pada pemilihan sebelumnya.",
         "Rapat juga membahas rencana kerja tahun 2022."],
        "(Humas KPU Kota Makassar)", None, ("2022-01-12 19:00", 8),
        "kota-makassar", ["kota-makassar", "sulsel", "kab-gowa"],
        {"HUKUM": "Divisi Hukum & Pengawasan"}),
    art("m3", MAKASSAR, "/blog/read/sosialisasi-di-pesantren",
        "Sosialisasi Pemilih Pemula di Pesantren",
        ["Oleh Andi Rahmat Hidayat",
         "Makassar – KPU Kota Makassar menyasar santri pemilih pemula dalam sosialisasi di "
         "Pondok Pesantren Darul Arqam pada Kamis (31/3/2022).",
         "Koordinator Divisi Sosdiklih Parmas, Rahma Saiyed, menjelaskan syarat menjadi pemilih "
         "dan cara mengecek nama dalam daftar pemilih."],
        "(ARH/Humas)", "Andi Rahmat Hidayat", ("2022-03-31 00:00", 8),
        "kota-makassar", ["kota-makassar"], {"SOSDIKLIH": "Divisi Sosdiklih Parmas"}),

    # ---- KPU Kota Jayapura (WIT): semantic HTML5, /berita/baca/<id>/<slug> ---------------
    art("j1", JAYAPURA, "/berita/baca/2207/kpu-kota-jayapura-launching-maskot-pemilihan",
        "KPU Kota Jayapura Launching Maskot Pemilihan",
        ["Jayapura, 5 Agustus 2024 – KPU Kota Jayapura meluncurkan maskot dan jingle "
         "Pemilihan Wali Kota dan Wakil Wali Kota Jayapura Tahun 2024 di Taman Imbi.",
         "Peluncuran dihadiri Penjabat Wali Kota Jayapura dan KPU Provinsi Papua. Ketua KPU "
         "Kota Jayapura berharap maskot mendekatkan pemilihan kepada masyarakat."],
        "(Humas KPU Kota Jayapura)", None, ("2024-08-05 00:00", 9),
        "kota-jayapura", ["kota-jayapura", "papua"], {}),
    art("j2", JAYAPURA, "/berita/baca/2199/-",
        "Pengumuman Pendaftaran Calon Anggota PPD",
        ["KPU Kota Jayapura mengumumkan pendaftaran calon anggota Panitia Pemilihan Distrik. "
         "Berkas diserahkan langsung ke Sekretariat KPU Kota Jayapura pada jam kerja.",
         "Informasi lebih lanjut dapat ditanyakan kepada Kepala Subbagian Teknis Penyelenggaraan "
         "Pemilu dan Hukum Sekretariat KPU Kota Jayapura."],
        None, None, None,
        "kota-jayapura", ["kota-jayapura"], {}),

    # ---- KPU RI: /berita/104/berita-terkini, /berita/baca/<id>/<slug> ---------------------
    art("r1", RI, "/berita/baca/12604/kpu-gelar-rapat-koordinasi-nasional-persiapan-pemilihan",
        "KPU Gelar Rapat Koordinasi Nasional Persiapan Pemilihan",
        ["Jakarta, kpu.go.id – Komisi Pemilihan Umum Republik Indonesia menggelar rapat "
         "koordinasi nasional persiapan pemilihan serentak pada Senin, 12 Mei 2025 pukul 10.00 "
         "WIB.",
         "Anggota KPU RI Koordinator Divisi Data dan Informasi, Betty Epsilon Idroos, meminta "
         "seluruh KPU Provinsi memastikan data pemilih mutakhir. KIP Aceh dan KPU Provinsi "
         "Jawa Timur menyampaikan laporan kesiapan.",
         "Rapat juga membahas anggaran bersama Kementerian Dalam Negeri."],
        "(humas/KPU RI)", None, ("2025-05-12 10:00", 7),
        "ri", ["ri", "kipaceh", "jatim"], {"DATIN": "Divisi Data dan Informasi"}),
    art("r2", RI, "/berita/baca/12598/kpu-luncurkan-aplikasi-cek-dpt-online-versi-baru",
        "KPU Luncurkan Aplikasi Cek DPT Online Versi Baru",
        ["Jakarta, kpu.go.id – KPU meluncurkan versi baru layanan Cek DPT Online pada Rabu "
         "(7/5/2025). Pemilih cukup memasukkan nomor induk kependudukan.",
         "Anggota KPU Divisi Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat, Augus "
         "Mellaz, menyebut aplikasi dapat diakses melalui telepon genggam."],
        "(humas/KPU RI)", None, ("2025-05-07 00:00", 7),
        "ri", ["ri"],
        {"SOSDIKLIH": "Divisi Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat"}),

    # ---- a Blogger-style media blog (HTML listing, no office) ----------------------------
    art("b1", BLOG, "/2024/06/kpu-kabupaten-sukoharjo-lantik-ppk.html",
        "KPU Kabupaten Sukoharjo Lantik 60 Anggota PPK",
        ["SUKOHARJO – Sebanyak 60 anggota Panitia Pemilihan Kecamatan dilantik KPU Kab. "
         "Sukoharjo di Gedung Graha Sativa, Senin (10/6/2024).",
         "Ketua KPU Kabupaten Sukoharjo meminta PPK menjaga integritas. Kordiv Hukum KPU Sukoharjo "
         "menambahkan bahwa PPK terikat kode etik penyelenggara.",
         "Pelantikan disaksikan Bawaslu Kabupaten Sukoharjo."],
        "(Reporter: Dimas Prakoso)", "Dimas Prakoso", ("2024-06-10 00:00", 7),
        None, ["kab-sukoharjo"], {"HUKUM": "Hukum"}),
    art("b2", BLOG, "/2024/05/pleno-rekapitulasi-kpu-provinsi-jatim.html",
        "Pleno Rekapitulasi KPU Provinsi Jatim Berlangsung Dua Hari",
        ["SURABAYA – Rapat pleno rekapitulasi hasil penghitungan suara tingkat provinsi yang "
         "digelar KPU Provinsi Jatim berlangsung selama dua hari, 13-14 Mei 2024.",
         "KPU Kabupaten/Kota se-Jawa Timur hadir membacakan hasil. KPU Kota Madiun menjadi "
         "yang pertama, disusul KPU Kabupaten Madiun."],
        "(Reporter: Dimas Prakoso)", "Dimas Prakoso", ("2024-05-13 00:00", 7),
        None, ["jatim", "kota-madiun", "kab-madiun"], {}),

    # ---- a WordPress media portal: full-content RSS (p*) and teaser RSS --full-text (t*) --
    art("p1", PORTAL, "/2024/11/20/kip-aceh-tetapkan-rekapitulasi/",
        "KIP Aceh Tetapkan Hasil Rekapitulasi Pemilihan Gubernur",
        ["BANDA ACEH – Komisi Independen Pemilihan (KIP) Aceh menetapkan hasil rekapitulasi "
         "penghitungan suara pemilihan gubernur dan wakil gubernur dalam rapat pleno terbuka.",
         "Ketua Divisi Teknis KIP Aceh menyebut seluruh KIP kabupaten/kota telah menyerahkan "
         "hasil rekapitulasi tepat waktu.",
         "Penetapan dihadiri saksi pasangan calon dan Panwaslih Aceh."],
        "(Reporter: Cut Meutia)", "Cut Meutia", ("2024-11-20 14:30", 7),
        None, ["kipaceh"], {"TEKNIS": "Divisi Teknis"}),
    art("p2", PORTAL, "/2024/11/18/kpu-dki-jakarta-gelar-debat-ketiga/",
        "KPU DKI Jakarta Gelar Debat Ketiga Pilgub",
        ["JAKARTA – KPU DKI Jakarta menggelar debat ketiga calon gubernur dan wakil gubernur "
         "di Jakarta International Expo.",
         "Debat bertema penataan kawasan perkotaan dan lingkungan. Panelis berasal dari "
         "berbagai perguruan tinggi."],
        "(Reporter: Rina Wulandari)", "Rina Wulandari", ("2024-11-18 19:00", 7),
        None, ["jakarta"], {}),
    art("t1", PORTAL, "/2024/11/25/kpu-kota-madiun-distribusikan-logistik/",
        "KPU Kota Madiun Distribusikan Logistik ke PPK",
        ["MADIUN – KPU Kota Madiun mulai mendistribusikan logistik pemilihan ke tiga Panitia "
         "Pemilihan Kecamatan pada Senin pagi.",
         "Wakadiv Keuangan, Umum, Logistik, dan Rumah Tangga, Ratna Dewi, memastikan kotak "
         "suara dikawal aparat keamanan.",
         "Distribusi ditargetkan selesai dua hari sebelum pemungutan suara."],
        "(Reporter: Fajar Nugroho)", "Fajar Nugroho", ("2024-11-25 08:15", 7),
        None, ["kota-madiun"], {"KUL": "Keuangan, Umum, Logistik, dan Rumah Tangga"}),
    art("t2", PORTAL, "/2024/11/22/kpu-jabar-dan-kpu-kab-bandung-simulasi-pemungutan-suara/",
        "KPU Jabar dan KPU Kab. Bandung Gelar Simulasi Pemungutan Suara",
        ["BANDUNG – KPU Jabar bersama KPU Kab. Bandung menggelar simulasi pemungutan dan "
         "penghitungan suara di Soreang.",
         "Kadiv Teknis Penyelenggara KPU Kabupaten Bandung menjelaskan alur pemilih dari "
         "pendaftaran hingga memasukkan surat suara ke kotak."],
        "(Reporter: Fajar Nugroho)", "Fajar Nugroho", ("2024-11-22 09:00", 7),
        None, ["jabar", "kab-bandung"], {"TEKNIS": "Teknis Penyelenggara"}),
]

# Headlines that surround articles (sidebars, "Baca Lainnya", related posts): never body.
OTHER_HEADLINES = [
    "Rapat Pleno Rekapitulasi DPB Bulan Desember",
    "Harga Cabai Naik Jelang Akhir Tahun",
    "Timnas U-23 Lolos ke Semifinal",
    "Jalan Tol Baru Diresmikan Presiden",
]

CLUTTER = ["Bagikan", "Telah dilihat", "Baca Lainnya", "Baca Juga", "Selengkapnya",
           "Hak Cipta", "Beranda", "Berita Terkini", "facebook", "whatapps", "Tinggalkan Balasan",
           "Diposting oleh", "Posting Komentar", "Dilihat 57 kali", "Terkait"]
