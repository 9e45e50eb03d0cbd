//! The hand-written classes of the X counting corpus: URLs of every shape, emoji of every
//! kind, scripts, punctuation and spaces. Each string is a case of its own and a piece of
//! the random mixes. The cases the twitter-text conformance suite covers were the guide
//! (extract.yml, validate.yml); the strings are ours.

/// URLs, near-URLs and non-URLs: bare domains (known TLDs or not), schemes, ports, paths,
/// queries, fragments, preceding characters, labels, IDNs, punycode, t.co, size limits.
#[rustfmt::skip]
pub const URLS: &[&str] = &[
    // Bare domains with a known TLD are URLs; unknown ones are not, scheme or no scheme.
    "bit.ly", "example.de", "t.co", "example.ninja", "readme.md", "example.com", "x.com",
    "www.example.co.uk", "foo.co.jp", "sub.example.app", "EXAMPLE.COM", "Example.Com/Path",
    "example.io/x", "shop.example.store", "go.example.ai", "end.It", "example.onion",
    "example.invalid", "example.local", "example.example", "example.test", "notes.txt",
    "archive.tar.bz2", "1.2.3", "v2.0", "3.14", "e.g.", "i.e. this", "U.S.A.",
    "https://example.com", "http://example.com/", "HTTPS://EXAMPLE.COM/X", "https://x.co",
    "https://example.invalid/x", "https://localhost/x", "http://localhost:3000/x",
    "https://192.168.0.1/x", "http://no-tld", "http://tld-too-short.x", "https://example.c",
    "ftp://example.com/x", "mailto:me@example.com", "https:/example.com", "https//example.com",
    "https://", "www.", ".com", "example.", "example..com", "example.com.", "example.com..",
    // Ports.
    "example.com:8080", "example.com:8080/x", "https://example.com:443/p", "example.com:/x",
    "example.com:abc", "https://example.com:8443/p?q=1&r=2.",
    // Paths and how they end.
    "example.com/", "example.com/path.", "example.com/path,", "example.com/path!",
    "example.com/path?", "example.com/a/b/c.html", "example.com/a.b.c", "example.com/path...",
    "example.com/a_(b)", "example.com/a_(b)c", "example.com/(a(b)c)", "example.com/a(b",
    "example.com/a)", "example.com/a.(b)", "example.com/a(b).(c)", "example.com/a(b)(c)",
    "example.com/a'(b)", "example.com/((a))", "example.com/a((b)", "example.com/()",
    "example.com/~user", "example.com/a~", "example.com/a&", "example.com/a%", "example.com/a%20b",
    "example.com/a$", "example.com/a@", "example.com/@user/", "example.com/@user", "example.com/a|",
    "example.com/a]", "example.com/[a]", "example.com/a+", "example.com/a-", "example.com/a=",
    "example.com/a#", "example.com/#anchor", "example.com/#!/page", "example.com/–dash",
    "example.com/path–", "example.com/a*", "example.com/a'", "example.com/a;", "example.com/a:",
    "example.com/a\"b", "example.com/a<b>", "example.com/a{b}", "example.com/a^b", "example.com/a`b",
    "example.com/a\\b", "https://en.wikipedia.org/wiki/Primer_(film)",
    // Queries.
    "example.com/p?q=1", "example.com/p?q=1+", "example.com/p?q=a+b", "example.com/?q=1.",
    "example.com?q=1", "https://example.com?q=1", "example.com/p?q=(1)", "example.com/p?a=1&",
    "example.com/p?a=1~", "example.com/p?", "example.com/p?q=1#f", "example.com/p?q=~",
    "example.com/p?q=1|", "example.com/p?q=1,", "example.com/p?q=ü", "example.com/p?q=1?r=2",
    "https://example.com/p?utm_source=x&utm_medium=social", "example.com/p?q=1!",
    // Fragments.
    "example.com#anchor", "https://example.com#anchor", "example.com/#", "example.com/p#a.b",
    // Scripts in paths: Latin accents, Cyrillic and Vietnamese go on; Greek and CJK stop it.
    "example.com/ελληνικά", "example.com/tiếng-việt", "example.com/кириллица", "example.com/日本語",
    "example.com/ÄÖÜ", "example.com/a\u{301}b", "example.com/العربية", "example.com/ιota",
    "example.com/Ιota", "example.com/ſ", "example.com/\u{212A}", "example.com/ⱥ",
    "https://ru.wikipedia.org/wiki/Москва", "example.com/ᲀ", "example.com/ɐ",
    // What may stand before a URL.
    "-example.com", "_example.com", "/example.com", ".example.com", "@example.com", "#example.com",
    "$example.com", "a@example.com", "x-https://example.com", "x_https://example.com",
    "\u{200E}example.com", "\u{200F}example.com", "\u{202A}example.com", "\u{202E}example.com",
    "\u{061C}example.com", "\u{2066}example.com", "\u{2069}example.com", "(example.com)",
    "\"example.com\"", "'example.com'", "[example.com]", "<example.com>", "«example.com»",
    "日本example.com", "éexample.com", "\u{A0}example.com", "\u{3000}example.com", "—example.com",
    "＠example.com", "＃example.com", "\u{FEFF}example.com", "1example.com", "ÿexample.com",
    "\u{200D}_a.example.com", "\u{FE0F}-a.com", "x/https://example.com", ":https://example.com",
    // Labels: underscores, hyphens, lengths.
    "my_site.example.com", "_a.example.com", "a_.example.com", "a.b_c.com", "example_site.com",
    "https://sub_domain.example.com/x", "-a.com", "a-.com", "a-b.com", "a--b.com", "a.b-.com",
    "a.-b.com", "www.-example.com", "a_b.c_d.example.com/x", "a.b.c.d.e.f.example.com",
    // Punycode.
    "xn--80ak6aa92e.com", "xn--bcher-kva.de", "example.xn--p1ai", "xn--.com", "xn--日本.com",
    "https://xn--bcher-kva.de/x", "example.XN--P1AI", "example.xn--", "example.xn--p1ai-",
    // Non-ASCII domains and TLDs.
    "https://例子.中国", "例子.中国", "bücher.de", "https://bücher.de/x", "müller.com", "ELPAÍS.com",
    "https://日本.jp/x", "日本.jp", "café.fr/menu", "https://✪df.ws/ejp", "www.ĉe.com",
    "παράδειγμα.ελ", "https://παράδειγμα.ελ", "пример.рф", "https://пример.рф/путь", "ПРИМЕР.РФ",
    "https://ПРИМЕР.РФ", "https://twitter.vermögensberatung", "https://x.VERMÖGENSBERATER",
    "example.삼성", "https://example.みんな", "https://example.中国/x", "example.comé",
    "example.comПРИМЕР.РФ/x", "éexample.com-例子.中国example.com/a", "example.com😀.com/x",
    "a.com日本b.com/x", "https://😀.com", "https://a😀b.com/x", "x日本.com", "a😀.com",
    "@a😀.x.com", "example.com-例子.中国", "https://例子.广东/路径", "تجربة.موقع", "https://тест.онлайн",
    // t.co.
    "https://t.co/abc123", "https://t.co/abc/def", "https://t.co/abc?amp=1", "https://t.co/abc'",
    "https://t.co/abc-", "https://t.co/abc:", "https://t.co/abc?a=b#123", "https://t.co/abc?a=b&c=d",
    "t.co/abc", "https://T.CO/abc", "https://t.co/", "http://t.co/x_y", "https://t.co/x.",
    "https://t.co.uk/x", "https://xt.co/abc",
    // Emails, mentions, hashtags, cashtags.
    "me@example.com", "user@mail.example.com", "#tag.com", "$AAPL.com", "@user.com", "a.b@c.com",
    // Several in a row.
    "a.com b.org", "a.com,b.org", "a.com/b.org", "a.com.b.org", "x.com/a.b.c", "example.com.au.",
    "see example.com, bit.ly/x and https://t.co/y.", "http://a.com http://b.com",
    "https://a.comhttps://b.com", "a.com/x(b.com)", "example.com/a+'(example.com)",
];

/// Emoji of every kind: single, text-default with and without U+FE0F, skin tones right and
/// wrong, ZWJ sequences whole and broken, flags valid and not, keycaps, tags, combining
/// marks, variation selectors on non-emoji, and the newer emoji of [`NEWER_EMOJI`].
#[rustfmt::skip]
pub const EMOJI: &[&str] = &[
    "😀", "👍", "🎉", "🚀", "🔥", "✨", "⭐", "⌚", "⏩", "🆗", "🈚", "🀄", "🃏", "\u{E50A}",
    "❤️", "❤", "❤\u{FE0E}", "☺", "☺️", "☺\u{FE0E}", "↔", "↔️", "↔\u{FE0E}", "©", "©️", "®️",
    "™", "™️", "♟", "♟️", "♾️", "♾", "✂️", "✌", "✌️", "☝", "☝\u{FE0E}", "‼️", "ℹ️", "〰️", "㊗️",
    "👍🏽", "👍🏻🏿", "🏽", "🏽👍", "☝🏽", "☝️🏽", "✌🏾", "🏋🏽", "🕴🏼", "😀🏽", "👨🏽", "👩🏿‍💻",
    "🧑🏽", "🤝🏽", "🖐🏼", "👋🏻\u{FE0F}", "🏿\u{200D}👍",
    "👨‍👩‍👧‍👦", "👨‍👩‍👧", "👩‍❤️‍👨", "👩‍❤️‍💋‍👨", "👨‍❤‍👨", "👨‍💻", "👩🏾‍🚀", "🏳️‍🌈", "🏳‍🌈",
    "🏴‍☠️", "👁‍🗨", "👁️‍🗨️", "🏃‍♀️", "🏃🏽‍♂️", "🏃‍♀", "🤷‍♀️", "🧟‍♂️", "👯‍♀️", "🏋️‍♀️", "🏋‍♀️",
    "⛹🏽‍♀️", "🕵️‍♂️", "👨‍🦰", "👩🏻‍🦳", "👨‍👨‍👦‍👦",
    "👍\u{200D}", "\u{200D}👍", "👍\u{200D}\u{200D}👍", "👨‍", "\u{200D}", "👨‍👩‍", "👩‍❤️‍",
    "🇩🇪", "🇺🇸", "🇩🇪🇫🇷", "🇩", "🇩🇪🇫", "🇦🇦", "🇽🇽", "🇺🇳", "🇪🇺", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏴󠁧󠁢󠁥󠁮󠁧󠁿",
    "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "🏴󠁵󠁳󠁴󠁸󠁿", "🏴󠁧󠁢", "🏴", "🏁", "\u{E0067}\u{E0062}",
    "1️⃣", "1⃣", "#️⃣", "*️⃣", "#⃣", "10⃣", "a⃣", "1️", "#\u{FE0E}\u{20E3}", "\u{20E3}",
    "😀\u{301}", "👍\u{20DD}", "❤\u{308}", "🇩🇪\u{301}", "a\u{20DD}",
    "a\u{FE0F}", "A\u{FE0E}", "\u{FE0F}", "\u{FE0F}\u{FE0F}", "日\u{FE0F}", "😀\u{FE0F}",
    "😀\u{FE0E}", "\u{FE0E}", "\u{E0020}",
];

/// Emoji added in Emoji 12.0 to 17.0, which twitter-text 3.1.0 (Emoji 11.0 data) splits
/// into several and X's composer counts as one: the documented exception, see
/// `NEWER_EMOJI_REASON` in x_counting.rs. With some newer ones that weigh 2 either way.
#[rustfmt::skip]
pub const NEWER_EMOJI: &[&str] = &[
    "🧑‍🤝‍🧑", "🧑🏽‍🤝‍🧑🏿", "❤️‍🔥", "❤️‍🩹", "🫱🏽", "🫱🏻‍🫲🏿", "🧑‍💻", "🧑🏿‍🎄", "🏳️‍⚧️",
    "⚧️", "🇨🇶", "🐦‍⬛", "🐦‍🔥", "🍋‍🟩", "🙂‍↔️", "🚶‍➡️", "🧑‍🧑‍🧒", "🧑🏽‍🦯‍➡️",
    "👩🏻‍❤️‍💋‍👨🏼", "💏🏽", "🤝🏽", "🐻‍❄️", "😮‍💨", "😵‍💫", "🧔‍♀️", "🫃🏽", "👩🏽‍🤝‍👨🏻",
    "🥱", "🫠", "🫩", "🪾", "🫆", "🪯", "🩷", "🫎",
];

/// Scripts and characters around X's light ranges: Latin, accented, Greek, Cyrillic,
/// Vietnamese, CJK, Hangul, RTL, Indic, others, general punctuation, NFC cases, astral
/// characters, spaces and controls, hashtags and mentions.
#[rustfmt::skip]
pub const SCRIPTS: &[&str] = &[
    "Hello world", "naïve café", "Straße", "Ελληνικά", "Русский", "Tiếng Việt", "Ærøskøbing",
    "日本語のテキスト", "中文", "ｶﾀｶﾅ", "한국어", "\u{10FF}", "\u{1100}", "\u{1161}", "العربية",
    "עברית", "हिन्दी", "ไทย", "ქართული", "Ꭰ", "ሰላም", "ខ្មែរ", "ᚠ", "ꙮ", "ʻokina",
    "–—‘’“”…‰′″‴", "\u{2000}\u{200A}\u{200B}\u{200C}", "\u{2010}\u{201F}", "\u{2020}\u{2030}",
    "\u{2032}\u{2037}\u{2038}", "\u{2070}", "€", "™", "←", "∑", "★", "☐",
    "e\u{301}", "cafe\u{301}", "\u{1100}\u{1161}", "A\u{30A}", "\u{212B}", "\u{2126}", "ﬁ",
    "\u{958}", "\u{1E9B}\u{323}", "ǅ", "ﾞ", "가", "\u{FB2C}",
    "𝐀", "𠀀", "\u{10000}", "𓀀", "🀀",
    "\t", "\n", "\r\n", "\u{A0}", "\u{3000}", "\u{2028}", "\u{1}", "\u{7F}", "\u{85}",
    "#tag", "@user", "$CASH", "＃全角", "＠user", "#日本語", "#café",
];

/// Characters twitter-text counts but refuses in a post (its `valid` is false).
#[rustfmt::skip]
pub const INVALID: &[&str] = &["\u{FEFF}", "\u{FFFE}", "\u{FFFF}", "a\u{FEFF}b.com"];

/// Separators and stray characters the random mixes put between pieces.
#[rustfmt::skip]
pub const GLUE: &[&str] = &[
    "", "", "", "", " ", " ", "\n", ".", ",", "/", "-", "_", "(", ")", "?", "#", "@", ":", "'",
    "\"", "!", "&", "=", "~", "|", "[", "]", "+", "%", "$", "*", "\u{200D}", "\u{FE0F}",
    "\u{FE0E}", "\u{1F3FD}", "\u{301}", "\u{200E}", "\u{A0}", "a", "1", "é", "日", "ü",
];

/// Characters X's count weighs 1 or 2, to pad texts to an exact weight.
#[rustfmt::skip]
pub const PAD: &[(&str, usize)] = &[("a", 1), ("é", 1), ("Я", 1), (" ", 1), ("日", 2), ("😀", 2)];

/// The pieces of URL soup: the characters and fragments URL syntax turns on, to be strung
/// together at random (dots, slashes, brackets, TLDs, schemes, punycode, scripts, marks).
#[rustfmt::skip]
pub const SOUP: &[&str] = &[
    "a", "b", "x", ".", ".", ".", "-", "_", "/", "/", "(", ")", "?", "=", "&", "#", "@", ":",
    "8", "0", "com", "co", "de", "ly", "md", "xn--", "xn--p1ai", "http://", "https://",
    "HTTPS://", "t.co/", "www.", "é", "ệ", "日", "Я", "ι", "Ι", "😀", "\u{200D}", "🏽", "👍",
    " ", " ", "'", "~", "+", "%", "|", "]", "[", "$", "\u{FE0F}", "\u{FE0E}", "中国", "рф",
    "РФ", "みんな", "vermögensberater", "。", "\u{200E}", "\u{A0}", "ſ", "\u{212A}", "ⱥ", "!",
    ",", ";", "*", "–", "\u{301}", "1⃣", "#️⃣", "🇩🇪", "🇩", "\n", "\"", "<", ">", "{", "^", "`",
    "\\", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "üüüüüüüüüüüüüüüüüüüü", "Z", "Q9", "\u{7F}",
];
