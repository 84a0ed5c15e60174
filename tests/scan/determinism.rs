//! The same input gives byte-identical output whatever the thread count.

use super::common::{Rng, copydesk, vocabulary};

#[test]
fn output_is_identical_with_one_thread_and_many() {
    let dir = tempfile::tempdir().unwrap();
    let vocab = vocabulary(500);
    let mut rng = Rng(42);
    let base: Vec<String> = (0..400)
        .map(|_| vocab[rng.below(vocab.len())].clone())
        .collect();
    for i in 0..60 {
        let mut words = base.clone();
        // every document is a variant of one text: many pairs, clusters and passages
        for _ in 0..(i % 7) * 10 {
            let at = rng.below(words.len());
            words[at] = vocab[rng.below(vocab.len())].clone();
        }
        words.rotate_left(rng.below(50));
        std::fs::write(dir.path().join(format!("d{i:02}.txt")), words.join(" ")).unwrap();
    }
    let run = |threads: &str| {
        let out = copydesk()
            .args(["scan", "--json", "--threads", threads])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert!(one.len() > 1000, "the corpus must produce many records");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}
