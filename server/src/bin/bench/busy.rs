//! Threads that keep the CPU (or the disk) busy while a benchmark measures, as the rest of a
//! loaded machine would.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// `count` spinning threads; they stop when this is dropped.
pub struct BusyThreads {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl BusyThreads {
    pub fn start(count: usize) -> BusyThreads {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..count)
            .map(|_| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                    }
                })
            })
            .collect();
        BusyThreads { stop, threads }
    }
}

impl BusyThreads {
    /// `count` threads that each append 64 KiB to their own file in `dir` and sync it, over and
    /// over, as database writers do: file syncs of whoever else shares the disk wait behind them.
    pub fn start_disk_writers(count: usize, dir: &std::path::Path) -> std::io::Result<BusyThreads> {
        use std::io::{Seek, Write};
        let stop = Arc::new(AtomicBool::new(false));
        let mut threads = Vec::with_capacity(count);
        for writer in 0..count {
            let path = dir.join(format!("busy-disk-{}-{writer}", std::process::id()));
            let mut file = std::fs::File::create(&path)?;
            let stop = stop.clone();
            threads.push(std::thread::spawn(move || {
                let block = vec![0x5a_u8; 64 * 1024];
                let mut written = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    // Wrap at 64 MiB so the file stays small.
                    if written >= 64 * 1024 * 1024 && file.rewind().is_ok() {
                        written = 0;
                    }
                    if file.write_all(&block).and_then(|()| file.sync_data()).is_err() {
                        break;
                    }
                    written += block.len() as u64;
                }
                std::fs::remove_file(&path).ok();
            }));
        }
        Ok(BusyThreads { stop, threads })
    }
}

impl Drop for BusyThreads {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            thread.join().ok();
        }
    }
}
