//! A footer repeated across many documents is one boilerplate record, not hundreds of pairs.

use super::common::{Rng, of_type, scan_json, vocabulary};

#[test]
fn a_footer_in_many_documents_is_reported_once_as_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    let vocab = vocabulary(4000);
    let mut rng = Rng(7);
    let footer = "This content is courtesy of, and owned and copyrighted by, the original site and its \
                  author, and is made available by use of the public feed offered by the host site \
                  for educational purposes only; please contact us to have it removed.";
    for i in 0..30 {
        let body: Vec<&str> = (0..150)
            .map(|_| vocab[rng.below(vocab.len())].as_str())
            .collect();
        std::fs::write(
            dir.path().join(format!("d{i:02}.txt")),
            format!("{}\n{footer}\n", body.join(" ")),
        )
        .unwrap();
    }
    let (records, out) = scan_json(&[dir.path().to_str().unwrap(), "--boilerplate-docs", "20"]);
    assert!(out.status.success());
    let boiler = of_type(&records, "boilerplate");
    assert_eq!(boiler.len(), 1, "{boiler:?}");
    assert_eq!(boiler[0]["documents"], 30);
    assert!(boiler[0]["words"].as_u64().unwrap() >= 30);
    assert!(
        of_type(&records, "passage").is_empty(),
        "the footer must not be paired"
    );
    // below the boilerplate limit the same footer is an ordinary shared passage
    let (records, _) = scan_json(&[dir.path().to_str().unwrap(), "--boilerplate-docs", "40"]);
    assert!(of_type(&records, "boilerplate").is_empty());
    assert_eq!(of_type(&records, "passage").len(), 30 * 29 / 2);
}

#[test]
fn a_fragment_of_a_footer_joins_its_boilerplate_record() {
    use copydesk::sketch::shingle::shingles;
    let vocab = vocabulary(4000);
    for variant in 0..3 {
        // `footer0word12` would switch between letters and digits like a code, and be masked
        // as non-prose (`text::prose`)
        let footer: Vec<String> = (0..55)
            .map(|i| format!("footer{}word{i}", ["a", "b", "c"][variant]))
            .collect();
        // the fragment leaves out the footer's smallest shingle, which names its group
        let hashes = copydesk::text::word_keys(&footer.join(" "));
        let footer_shingles = shingles(&hashes, 5);
        let smallest = (0..footer_shingles.len())
            .min_by_key(|&i| footer_shingles[i])
            .unwrap();
        let fragment = if smallest >= 30 {
            &footer[..smallest + 4]
        } else {
            &footer[smallest + 1..]
        };
        assert!(fragment.len() >= 30);
        let dir = tempfile::tempdir().unwrap();
        let mut rng = Rng(11);
        let mut write = |name: String, tail: &[String]| {
            let body: Vec<&str> = (0..150)
                .map(|_| vocab[rng.below(vocab.len())].as_str())
                .collect();
            let text = format!("{}\n{}\n", body.join(" "), tail.join(" "));
            std::fs::write(dir.path().join(name), text).unwrap();
        };
        for i in 0..30 {
            write(format!("d{i:02}.txt"), &footer);
        }
        write("host.txt".into(), fragment);
        let (records, _) = scan_json(&[dir.path().to_str().unwrap(), "--boilerplate-docs", "20"]);
        let boiler = of_type(&records, "boilerplate");
        assert_eq!(boiler.len(), 1, "variant {variant}: {boiler:?}");
        assert_eq!(
            boiler[0]["documents"], 31,
            "variant {variant}: the fragment is counted"
        );
        assert!(of_type(&records, "passage").is_empty());
    }
}
