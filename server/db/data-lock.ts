import fs from 'node:fs';
import path from 'node:path';

/**
 * An exclusive lock on the embedded database's directory. PGlite is single-process:
 * two servers on one directory would corrupt it, so the second one must stop with a
 * clear message. A pid file left by a crash (its process is gone) is taken over.
 */
export class DataDirLockedError extends Error {}

export function acquireDataLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'theodoi.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(
          `Thư mục dữ liệu ${dataDir} đang được một tiến trình theodoi khác sử dụng (PID ${holder}). ` +
            'Hãy dùng máy chủ đang chạy, dừng nó trước, hoặc đặt DATA_DIR khác.',
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process died without cleaning up
    }
  }
  throw new DataDirLockedError(`Không lấy được khóa thư mục dữ liệu ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // After a reboot the pid may belong to an unrelated process: only a node process counts.
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}
