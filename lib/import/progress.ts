// A progress bar on the terminal (stderr, only when it is a terminal), redrawn at most every 100 ms.
export type Progress = {
  update(bytes: number, rows: number): void;
  done(): void;
};

export function terminalProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let last = 0;
  const draw = (bytes: number, rows: number) => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 45));
    const share = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
    const filled = Math.round(share * width);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    stream.write(`\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${rows} rows  ${rate} rows/s `);
  };
  return {
    update(bytes, rows) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(bytes, rows);
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
