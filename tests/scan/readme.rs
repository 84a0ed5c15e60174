//! README.md's "Example output" block is the output of the README's first command on seeds/,
//! checked here so it cannot go stale. After a deliberate change of the report, rewrite the
//! block with `COPYDESK_BLESS=1 cargo test --release --test scan readme` and review the diff.

use super::common::{copydesk, run_ok};
use std::path::Path;

const BEGIN: &str =
    "<!-- example output: `copydesk scan --spin seeds`, checked by tests/scan/readme.rs -->\n```\n";
const END: &str = "```\n<!-- end of example output -->";

#[test]
fn readme_example_output_is_the_scan_of_the_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_ok(
        copydesk()
            .current_dir(root)
            .args(["scan", "--spin", "seeds"]),
    );
    let output = String::from_utf8(out.stdout).unwrap();
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README.md has the example output block")
        + BEGIN.len();
    let end = start + readme[start..].find(END).expect("the block's end marker");
    if readme[start..end] == output {
        return;
    }
    if std::env::var_os("COPYDESK_BLESS").is_some() {
        let updated = format!("{}{output}{}", &readme[..start], &readme[end..]);
        std::fs::write(&readme_path, updated).unwrap();
        return;
    }
    panic!(
        "README.md's example output differs from `copydesk scan --spin seeds`; if the change is \
         meant, run COPYDESK_BLESS=1 cargo test --release --test scan readme\n--- README\n{}\n--- scan\n{output}",
        &readme[start..end]
    );
}
