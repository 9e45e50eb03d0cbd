//! Makes one directory tree equal to another, touching only what differs.

use std::io;
use std::path::Path;

/// Makes `to` hold exactly the files of `from`: copies new and changed files, removes the
/// ones `from` lacks; a file with the same bytes is left alone (and keeps its mtime).
pub fn dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            if target.is_file() {
                std::fs::remove_file(&target)?;
            }
            dir(&entry.path(), &target)?;
        } else {
            let bytes = std::fs::read(entry.path())?;
            if target.is_dir() {
                std::fs::remove_dir_all(&target)?;
            }
            if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
                std::fs::write(&target, &bytes)?;
            }
        }
    }
    for entry in std::fs::read_dir(to)? {
        let entry = entry?;
        if !from.join(entry.file_name()).exists() {
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(entry.path())?;
            } else {
                std::fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_are_not_rewritten_and_stale_ones_go() {
        let base = std::env::temp_dir().join(format!("xtask-sync-{}", std::process::id()));
        let (from, to) = (base.join("from"), base.join("to"));
        std::fs::create_dir_all(from.join("snippets")).unwrap();
        std::fs::create_dir_all(&to).unwrap();
        std::fs::write(from.join("a.js"), "same").unwrap();
        std::fs::write(from.join("snippets/b.js"), "new").unwrap();
        std::fs::write(to.join("a.js"), "same").unwrap();
        std::fs::write(to.join("stale.wasm"), "old").unwrap();
        let before = std::fs::metadata(to.join("a.js"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        dir(&from, &to).unwrap();
        let after = std::fs::metadata(to.join("a.js"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        assert_eq!(
            std::fs::read_to_string(to.join("snippets/b.js")).unwrap(),
            "new"
        );
        assert!(!to.join("stale.wasm").exists());
        std::fs::remove_dir_all(base).unwrap();
    }
}
