//! The three State of the Union addresses the farm tests spin (`tests/data`), shared by the
//! learner's and the restorer's tests.

use copydesk::corpus::Document;

/// The addresses, as documents named by their file stems.
pub fn sources() -> Vec<Document> {
    [
        "1941_franklin_d_roosevelt_d",
        "1953_harry_s_truman_d",
        "1962_john_f_kennedy_d",
    ]
    .iter()
    .map(|name| {
        let path = format!("{}/tests/data/sotu_{name}.txt", env!("CARGO_MANIFEST_DIR"));
        Document::new(*name, std::fs::read_to_string(path).unwrap())
    })
    .collect()
}
