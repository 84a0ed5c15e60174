//! `scan --html`: the report is self-contained, escapes document text, shows the seeds'
//! passages and restorations, its contents, charts and an index of every document, resolves
//! every in-page link, grows with what is flagged rather than with the corpus, leaves stdout
//! alone and is the same for any thread count. (Rendering in a browser is checked by tests/html/check.sh.)

use super::common::{Rng, copydesk, run_ok, seeds_dir, vocabulary};
use std::path::Path;

/// Runs `copydesk scan ARGS --html DIR/report.html` and returns (stdout, the report).
fn scan_html(dir: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let report = dir.join("report.html");
    let out = run_ok(copydesk().arg("scan").args(args).arg("--html").arg(&report));
    (out.stdout, std::fs::read_to_string(report).unwrap())
}

/// The values of every `attr="…"` in `html`.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let key = format!("{attr}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// A temporary directory with an empty `corpus` directory in it.
fn corpus_dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    (dir, corpus)
}

/// A generator of `n` random words of a made-up vocabulary of `size` words (texts made of
/// them share no long run by chance).
fn random_words(seed: u64, size: usize) -> impl FnMut(usize) -> String {
    let vocab = vocabulary(size);
    let mut rng = Rng(seed);
    move |n| {
        let w: Vec<&str> = (0..n)
            .map(|_| vocab[rng.below(vocab.len())].as_str())
            .collect();
        w.join(" ")
    }
}

/// Checks what every report must be: one document, no script, no external reference, every
/// in-page link resolving to an element.
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n"), "{}", &html[..80]);
    assert!(html.ends_with("</html>\n"));
    for banned in [
        "<script", "<link", "<img", "<iframe", "url(", "@import", " src=",
    ] {
        assert!(!html.contains(banned), "the report contains {banned}");
    }
    let ids = attribute_values(html, "id");
    for href in attribute_values(html, "href") {
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{href} leaves the page"));
        assert!(
            ids.contains(&target),
            "link to #{target} resolves to nothing"
        );
    }
}

#[test]
fn seeds_report_shows_passages_and_restorations_and_leaves_stdout_alone() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds_dir();
    let plain = run_ok(copydesk().args(["scan", "--spin"]).arg(&seeds)).stdout;
    let (stdout, html) = scan_html(dir.path(), &["--spin", seeds.to_str().unwrap()]);
    assert_eq!(stdout, plain, "--html changed stdout");
    assert_self_contained(&html);
    for want in [
        "id=\"passage-1\"",
        "000_654eb502e9b96e1f.txt</a> <span class=\"bytes\">bytes 2666–4175</span>",
        "002_e55835728f6167c5.txt</a> <span class=\"bytes\">bytes 1202–2719</span>",
        "004_b24285a9b201835e.txt</a> <span class=\"bytes\">bytes 793–1140</span>",
        "manage the <mark>attack plans</mark>, which are",
        "Not only is Donald Trump uniquely focused on TCOs",
        "<del>legislation</del><ins title=\"confidence 1.00 · signature · bytes 342–353\">law</ins>",
        "spin score 1.00; 399 restorations by the language model; no source in the corpus",
        // contents, charts, legends, every document with its role
        "<nav class=\"toc\" aria-label=\"Contents\"><a href=\"#summary\">Summary</a>",
        "<a href=\"#passages\">Passages <span class=\"count\">3</span></a>",
        "<a class=\"top\" href=\"#top\">",
        "<title>Documents by spin score: 0.0: 4, 0.1: 0, 0.2: 0, 0.3: 0, 0.4: 0, 0.5: 0, 0.6: 0, 0.7: 0, 0.8: 0, 0.9: 1</title>",
        "<del>struck</del>: only on the left; <ins>underlined</ins>: only on the right",
        "<tr id=\"doc-3\"><td>003_c30bde986995c84a.txt</td><td class=\"num\">2464</td><td class=\"num\">16627</td><td class=\"num\">1.00</td><td><span class=\"role\">judged spun</span>",
        "<tr class=\"unflagged\" id=\"doc-1\"><td>001_e40ca722fa7aa7f4.txt</td>",
        "4 flagged, 1 unflagged.",
    ] {
        assert!(html.contains(want), "the report lacks {want}");
    }
    // 3 passages, one spun document, no cluster
    assert_eq!(html.matches("<details class=\"passage copy\"").count(), 3);
    assert_eq!(html.matches("<article class=\"spun\"").count(), 1);
    assert!(html.contains("No near-duplicate documents."));
    assert_eq!(html.matches("<svg ").count(), 4, "four charts");
    for doc in 0..5 {
        assert!(
            html.contains(&format!(" id=\"doc-{doc}\">")),
            "doc {doc} in the index"
        );
    }
}

/// The page grows with what is flagged, not with the corpus: a long passage shared by two
/// documents is shown in full once (the right side names the bytes it shares with the left),
/// and unflagged documents get a short row each.
#[test]
fn the_report_grows_with_what_is_flagged_not_with_the_corpus() {
    let (dir, corpus) = corpus_dir();
    let mut words = random_words(21, 5000);
    let passage = words(2000);
    let mut changed: Vec<&str> = passage.split(' ').collect();
    changed.insert(1000, "inserted");
    let changed = changed.join(" ");
    std::fs::write(corpus.join("a.txt"), format!("{} {passage}", words(2500))).unwrap();
    std::fs::write(corpus.join("b.txt"), format!("{changed} {}", words(3000))).unwrap();
    let mut corpus_bytes = 0;
    for i in 0..20 {
        let text = words(3000);
        corpus_bytes += text.len();
        std::fs::write(corpus.join(format!("other{i:02}.txt")), text).unwrap();
    }
    let (_, html) = scan_html(dir.path(), &[corpus.to_str().unwrap()]);
    assert_self_contained(&html);
    assert_eq!(html.matches("<details class=\"passage copy\"").count(), 1);
    // the right side keeps 12 words of context around its one change and names what it leaves out
    let right = html.split("<div class=\"side b\">").nth(1).unwrap();
    let right = &right[..right.find("</div></div>").unwrap()];
    assert!(right.contains("<ins>inserted</ins>"), "{right}");
    assert!(right.contains("words as on the left (bytes "), "{right}");
    assert!(
        right.len() < 1000,
        "the right side is {} bytes",
        right.len()
    );
    assert!(html.contains("2 flagged, 20 unflagged."));
    assert_eq!(html.matches("<tr class=\"unflagged\"").count(), 20);
    // the whole page: the passage once plus the frame (style, charts, index: about 23 KB); both
    // sides in full would break the bound, and so would the unflagged text
    assert!(
        html.len() < passage.len() + 30_000,
        "{} bytes for a {}-byte passage ({corpus_bytes} bytes unflagged)",
        html.len(),
        passage.len()
    );
}

#[test]
fn document_text_and_ids_are_escaped() {
    let (dir, corpus) = corpus_dir();
    let mut words = random_words(3, 2000);
    let shared = format!(
        "{} <script>alert(\"owned\")</script> Tom & Jerry <b>bold</b> {}",
        words(30),
        words(30)
    );
    std::fs::write(
        corpus.join("a<b>&\"x\".txt"),
        format!("{} {shared}", words(200)),
    )
    .unwrap();
    std::fs::write(corpus.join("plain.txt"), format!("{shared} {}", words(200))).unwrap();
    let (_, html) = scan_html(dir.path(), &[corpus.to_str().unwrap()]);
    assert_self_contained(&html);
    assert!(html.contains(
        "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;"
    ));
    assert!(
        html.contains(">a&lt;b&gt;&amp;&quot;x&quot;.txt</a>"),
        "the id is escaped"
    );
    assert!(!html.contains("<b>bold"));
}

#[test]
fn a_report_with_every_section_is_the_same_for_any_thread_count() {
    let (dir, corpus) = corpus_dir();
    let mut words = random_words(8, 3000);
    let footer = words(40);
    let original = words(300);
    let quoted = words(60);
    // a near-duplicate pair, a passage quoted in two others, a footer in all six (boilerplate)
    let texts = [
        format!("{original} {footer}"),
        format!("{original} {} {footer}", words(5)),
        format!("{} {quoted} {} {footer}", words(150), words(100)),
        format!("{} {quoted} {footer}", words(200)),
        format!("{} {footer}", words(250)),
        format!("{} {footer}", words(250)),
    ];
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(corpus.join(format!("{i}.txt")), text).unwrap();
    }
    let c = corpus.to_str().unwrap();
    let (_, one) = scan_html(
        dir.path(),
        &["--threads", "1", "--boilerplate-docs", "4", c],
    );
    let (_, three) = scan_html(
        dir.path(),
        &["--threads", "3", "--boilerplate-docs", "4", c],
    );
    assert_eq!(one, three);
    assert_self_contained(&one);
    assert!(one.contains("<tr class=\"kept\"><td><a class=\"doc\" href=\"#doc-0\">0.txt</a> <span class=\"badge\">kept</span>"));
    assert_eq!(one.matches("<div class=\"cluster\"").count(), 1);
    assert!(
        one.contains("id=\"boilerplate-1\""),
        "the footer is boilerplate"
    );
    assert_eq!(one.matches("<details class=\"boilerplate\"").count(), 1);
    assert!(one.contains("in 6 documents (6 occurrences)"));
    assert!(one.contains("2.txt</a> ↔ <a class=\"doc\" href=\"#doc-3\">3.txt</a>"));
}

#[test]
fn html_must_be_a_file_of_its_own() {
    let seeds = seeds_dir();
    for args in [&["--html", "-"][..], &["--html", "x.html", "-o", "x.html"]] {
        let out = copydesk()
            .arg("scan")
            .args(args)
            .arg(&seeds)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--html needs a file of its own"));
        assert!(out.stdout.is_empty());
    }
    let out = copydesk()
        .args(["scan", "--html"])
        .arg(seeds.join("000_654eb502e9b96e1f.txt"))
        .arg(&seeds)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an input is never overwritten");
}

/// Two byte-identical spun documents (an exact copy of a spun text) are not shown twice: the
/// second names the first.
#[test]
fn an_exact_copy_of_a_spun_document_refers_to_the_first_one_shown() {
    let (dir, corpus) = corpus_dir();
    let spun = std::fs::read(seeds_dir().join("003_c30bde986995c84a.txt")).unwrap();
    std::fs::write(corpus.join("a.txt"), &spun).unwrap();
    std::fs::write(corpus.join("b.txt"), &spun).unwrap();
    let (_, html) = scan_html(dir.path(), &["--spin", corpus.to_str().unwrap()]);
    assert_self_contained(&html);
    assert_eq!(html.matches("<article class=\"spun\"").count(), 2);
    let second = html
        .split("<article class=\"spun\" id=\"spun-1\">")
        .nth(1)
        .unwrap();
    let second = &second[..second.find("</article>").unwrap()];
    assert!(
        second.contains(
            "The same text and restorations as <a href=\"#spun-0\">a.txt</a>, shown there."
        ),
        "{second}"
    );
    assert!(!second.contains("<del>"), "{second}");
    let first = html
        .split("<article class=\"spun\" id=\"spun-0\">")
        .nth(1)
        .unwrap();
    let first = &first[..first.find("</article>").unwrap()];
    let restored = first.matches("<del>legislation</del>").count();
    assert!(restored > 0);
    assert_eq!(html.matches("<del>legislation</del>").count(), restored);
}
