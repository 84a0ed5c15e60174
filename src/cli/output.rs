//! Where results go: stdout, or a file written atomically (temporary file, then rename).
//!
//! A result file is never left half-written: it appears whole when the command succeeds, and not
//! at all otherwise. Writing over an input of the same run is refused by the callers, which pass
//! their input paths to `refuse_inputs`. A command with several outputs checks each one before
//! it starts its work (`check_file`, `check_new_dir`), writes them all to temporary files
//! (`Output::stage`) and renames them into place together at the end (`commit`), so a failure
//! leaves none of them behind. Messages name the target, never a temporary file.
//!
//! A target that exists and is neither a regular file nor a directory (`/dev/null`, a named
//! pipe, a terminal) is written in place: renaming a file over it would replace the device
//! node or the pipe itself (as root, `/dev/null` would become a regular file), and a pipe's
//! reader would never see the results.

use super::CliError;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// True when an error is stdout having been closed by its reader.
pub fn is_broken_pipe(err: &CliError) -> bool {
    matches!(err, CliError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
}

/// A destination for results.
pub enum Output {
    Stdout(BufWriter<io::Stdout>),
    File {
        temp: BufWriter<tempfile::NamedTempFile>,
        target: PathBuf,
    },
    /// A device or a named pipe, written in place (see the module doc).
    Special {
        file: BufWriter<std::fs::File>,
        target: PathBuf,
    },
}

/// True when `path` exists and is neither a regular file nor a directory, following links.
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

impl Output {
    /// Opens stdout (`None` or `-`) or a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> Result<Output, CliError> {
        match path {
            None => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) if p.as_os_str() == "-" => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) if is_special(p) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .map_err(|e| {
                        CliError::Message(format!("{}: cannot open output: {e}", p.display()))
                    })?;
                Ok(Output::Special {
                    file: BufWriter::new(file),
                    target: p.to_path_buf(),
                })
            }
            Some(p) => {
                let dir = parent_of(p);
                refuse_directory(p)?;
                let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
                    CliError::Message(format!(
                        "{}: cannot create output: {}",
                        p.display(),
                        without_path(&e)
                    ))
                })?;
                Ok(Output::File {
                    temp: BufWriter::new(temp),
                    target: p.to_path_buf(),
                })
            }
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn finish(self) -> Result<(), CliError> {
        match self.stage()? {
            Some(staged) => staged.commit(),
            None => Ok(()),
        }
    }

    /// Flushes; for a file, returns it written but not yet in place (`None` for stdout). A
    /// staged file that is dropped uncommitted is deleted.
    pub fn stage(self) -> Result<Option<Staged>, CliError> {
        match self {
            Output::Stdout(mut out) => {
                out.flush()?;
                Ok(None)
            }
            Output::Special { mut file, target } => {
                file.flush().map_err(|e| {
                    CliError::Message(format!("{}: cannot write output: {e}", target.display()))
                })?;
                Ok(None)
            }
            Output::File { temp, target } => {
                let temp = temp.into_inner().map_err(|e| {
                    CliError::Message(format!(
                        "{}: cannot write output: {}",
                        target.display(),
                        without_path(e.error())
                    ))
                })?;
                set_ordinary_permissions(temp.as_file(), &target)?;
                Ok(Some(Staged { temp, target }))
            }
        }
    }
}

/// A result file written in full beside its target, waiting to be renamed into place.
pub struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Staged {
    /// Renames the file into place.
    pub fn commit(self) -> Result<(), CliError> {
        let target = self.target;
        self.temp.persist(&target).map_err(|e| {
            CliError::Message(format!(
                "{}: cannot write output: {}",
                target.display(),
                without_path(&e.error)
            ))
        })?;
        Ok(())
    }
}

/// Renames every staged file into place. When one fails, the files already renamed by this
/// call that did not exist before, and `also_remove` (a directory committed just before), are
/// removed again, and the rest is deleted with their temporary files: the run leaves no output.
pub fn commit_all(staged: Vec<Staged>, also_remove: Option<&Path>) -> Result<(), CliError> {
    let mut created: Vec<PathBuf> = Vec::new();
    for file in staged {
        let existed = file.target.exists();
        let target = file.target.clone();
        if let Err(err) = file.commit() {
            for path in &created {
                let _ = std::fs::remove_file(path);
            }
            if let Some(dir) = also_remove {
                let _ = std::fs::remove_dir_all(dir);
            }
            return Err(err);
        }
        if !existed {
            created.push(target);
        }
    }
    Ok(())
}

/// Checks, before any work, that a result file can be written at `path`: it is not a
/// directory and a file can be created beside it (its directory exists and is writable).
/// Stdout (`-`) always can.
pub fn check_file(path: &Path) -> Result<(), CliError> {
    if path.as_os_str() == "-" || is_special(path) {
        return Ok(());
    }
    refuse_directory(path)?;
    refuse_missing_parent(path)?;
    tempfile::NamedTempFile::new_in(parent_of(path)).map_err(|e| {
        CliError::Message(format!(
            "{}: cannot create output: {}",
            path.display(),
            without_path(&e)
        ))
    })?;
    Ok(())
}

/// Checks, before any work, that `dir` does not exist yet and can be created (its parent is a
/// writable directory).
pub fn check_new_dir(dir: &Path) -> Result<(), CliError> {
    if dir.symlink_metadata().is_ok() {
        return Err(CliError::Message(format!(
            "{}: already exists; name a new directory",
            dir.display()
        )));
    }
    refuse_missing_parent(dir)?;
    tempfile::Builder::new()
        .prefix(".copydesk-check-")
        .tempdir_in(parent_of(dir))
        .map_err(|e| {
            CliError::Message(format!(
                "{}: cannot create directory: {}",
                dir.display(),
                without_path(&e)
            ))
        })?;
    Ok(())
}

/// The directory a new file at `path` goes into.
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The directory an output goes into must exist: outputs create no directories on the way.
fn refuse_missing_parent(path: &Path) -> Result<(), CliError> {
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(CliError::Message(format!(
            "{}: directory {} does not exist",
            path.display(),
            parent.display()
        )));
    }
    Ok(())
}

/// A result file cannot replace a directory.
fn refuse_directory(path: &Path) -> Result<(), CliError> {
    if path.is_dir() {
        return Err(CliError::Message(format!(
            "{}: is a directory; name a file",
            path.display()
        )));
    }
    Ok(())
}

/// An I/O error's message without the path `tempfile` adds to it (`… at path "/dir/.tmpXYZ"`:
/// the temporary file's name, which means nothing to the user): the operating system's message.
pub fn without_path(err: &io::Error) -> String {
    if let Some(code) = err.raw_os_error() {
        return io::Error::from_raw_os_error(code).to_string();
    }
    let text = err
        .get_ref()
        .map_or_else(|| err.to_string(), |inner| inner.to_string());
    match text.find(" at path ") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File { temp, .. } => temp.write(buf),
            Output::Special { file, .. } => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File { temp, .. } => temp.flush(),
            Output::Special { file, .. } => file.flush(),
        }
    }
}

/// A temporary file is created readable by its owner only; the result gets the permissions
/// of the file it replaces, or the usual 0644 for a new file.
fn set_ordinary_permissions(file: &std::fs::File, target: &Path) -> Result<(), CliError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        file.set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| {
                CliError::Message(format!("{}: {}", target.display(), without_path(&e)))
            })?;
    }
    #[cfg(not(unix))]
    let _ = (file, target);
    Ok(())
}

/// Fails when `target` is one of the inputs or lies inside an input directory.
pub fn refuse_inputs(target: &Path, inputs: &[PathBuf]) -> Result<(), CliError> {
    let target_abs = absolute(target);
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        let input_abs = absolute(input);
        if target_abs == input_abs || target_abs.starts_with(&input_abs) {
            return Err(CliError::Message(format!(
                "{}: refusing to write into an input ({})",
                target.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// The canonical path if it exists, else the canonical parent joined with the file name.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staged(path: &Path, text: &str) -> Staged {
        let mut out = Output::open(Some(path)).unwrap();
        out.write_all(text.as_bytes()).unwrap();
        out.stage().unwrap().unwrap()
    }

    #[test]
    fn a_failed_commit_takes_back_the_files_already_in_place() {
        let dir = tempfile::Builder::new()
            .prefix("commit-test")
            .tempdir()
            .unwrap();
        let (first, second) = (dir.path().join("first"), dir.path().join("second"));
        let unique = dir.path().join("unique");
        std::fs::create_dir(&unique).unwrap();
        let files = vec![staged(&first, "one"), staged(&second, "two")];
        // the second target becomes a directory after it was checked: its rename fails
        std::fs::create_dir(&second).unwrap();
        std::fs::write(second.join("inside"), "x").unwrap();
        let err = commit_all(files, Some(&unique)).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}: cannot write output", second.display())),
            "{err}"
        );
        assert!(!err.contains(".tmp"), "{err}");
        assert!(!first.exists() && !unique.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["second"], "no temporary file is left");
    }

    #[test]
    fn all_files_are_committed_together() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (dir.path().join("first"), dir.path().join("second"));
        let files = vec![staged(&first, "one"), staged(&second, "two")];
        assert!(
            !first.exists() && !second.exists(),
            "nothing in place before the commit"
        );
        commit_all(files, None).unwrap();
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "two");
    }

    #[test]
    fn messages_name_no_temporary_file() {
        let err = check_file(Path::new("/nonexistent-dir/x.txt"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "/nonexistent-dir/x.txt: directory /nonexistent-dir does not exist"
        );
        let e = tempfile::NamedTempFile::new_in("/nonexistent-dir").unwrap_err();
        assert!(
            e.to_string().contains("/nonexistent-dir/"),
            "tempfile names its file: {e}"
        );
        assert_eq!(without_path(&e), "No such file or directory (os error 2)");
    }
}
