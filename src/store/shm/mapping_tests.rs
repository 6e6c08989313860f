use std::path::PathBuf;

use super::super::{SharedTable, MIN_BYTES};
use crate::store::{Key, StateStore, Update};
use crate::window::{State, MICROS_PER_SECOND};

const T0: i64 = 1_800_000_000 * MICROS_PER_SECOND;

fn mappings_of(path: &std::path::Path) -> usize {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let suffix = format!(" {}", path.display());
    maps.lines().filter(|line| line.ends_with(&suffix)).count()
}

fn key() -> Key<'static> {
    Key {
        user: 1000,
        namespace: crate::store::Namespace::Login,
        limiter: "BE",
        subject: b"192.0.2.1",
        interval: 60 * MICROS_PER_SECOND,
    }
}

#[test]
fn unmapping_gives_the_memory_back_and_the_file_keeps_the_state() {
    let dir = std::env::temp_dir().join(format!("lrl-mapping-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("table");
    let state = State {
        expires: T0 + 60 * MICROS_PER_SECOND,
        interval: 60 * MICROS_PER_SECOND,
        prev: 0,
        cur: 3,
        blocking: true,
        reported: false,
    };

    // As an Apache parent does across graceful restarts: map, unmap, map again.
    for round in 0..4 {
        let table = SharedTable::file(path.clone(), MIN_BYTES).unwrap();
        assert_eq!(mappings_of(&path), 1, "round {round}");
        let mut seen = None;
        table.measure_and_replace(key(), T0, &mut |found, _| {
            seen = found;
            Update::Put(state)
        });
        assert_eq!(seen, (round > 0).then_some(state), "round {round}");
        table.unmap();
        assert_eq!(mappings_of(&path), 0, "round {round}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_anonymous_table_can_be_unmapped() {
    for _ in 0..64 {
        let table = SharedTable::anonymous(16 << 20).unwrap();
        table.measure_and_replace(key(), T0, &mut |_, _| Update::Keep);
        table.unmap();
    }
}

fn allocated_bytes(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().blocks() * 512
}

#[test]
fn a_table_file_has_all_its_space_reserved_also_one_made_by_only_sizing_it() {
    let dir = std::env::temp_dir().join(format!("lrl-reserve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join("table");
    let bytes = 1 << 20;

    let table = SharedTable::file(path.clone(), bytes).unwrap();
    assert!(allocated_bytes(&path) >= bytes);
    table.unmap();

    // As a build that only sized the file left it: a valid table over holes.
    let image = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    file.set_len(bytes).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&file, &image[..4096], 0).unwrap();
    drop(file);
    assert!(allocated_bytes(&path) < bytes);
    let table = SharedTable::file(path.clone(), bytes).unwrap();
    assert!(allocated_bytes(&path) >= bytes);
    assert_eq!(std::fs::read(&path).unwrap()[..4096], image[..4096]);
    table.unmap();
    std::fs::remove_dir_all(&dir).unwrap();
}
