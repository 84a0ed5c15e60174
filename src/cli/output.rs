//! Where results go: stdout, or a file written atomically (temporary file, then rename).
//!
//! A result file is never left half-written: it appears whole when the command succeeds, and not
//! at all otherwise. Writing over an input of the same run is refused by the callers, which pass
//! their input paths to `refuse_inputs`.

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
}

impl Output {
    /// Opens stdout (`None` or `-`) or a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> Result<Output, CliError> {
        match path {
            None => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) if p.as_os_str() == "-" => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
                    CliError::Message(format!("{}: cannot create output: {e}", p.display()))
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
        match self {
            Output::Stdout(mut out) => Ok(out.flush()?),
            Output::File { temp, target } => {
                let temp = temp.into_inner().map_err(|e| {
                    CliError::Message(format!("{}: {}", target.display(), e.error()))
                })?;
                set_ordinary_permissions(temp.as_file(), &target)?;
                temp.persist(&target).map_err(|e| {
                    CliError::Message(format!(
                        "{}: cannot write output: {}",
                        target.display(),
                        e.error
                    ))
                })?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File { temp, .. } => temp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File { temp, .. } => temp.flush(),
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
            .map_err(|e| CliError::Message(format!("{}: {e}", target.display())))?;
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
