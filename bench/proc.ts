// CPU time of processes on this machine, from /proc: what process.cpuUsage() reports inside them (user
// and system time), read from outside, for a web server or a database backend under measurement.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim() || 100);

type Stat = { ppid: number; ticks: number };

function statOf(pid: number): Stat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces): state ppid … utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null; // gone, or not a machine with /proc
  }
}

const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

/** CPU milliseconds of one process, or null where it cannot be read (another machine, or gone). */
export function processCpuMs(pid: number): number | null {
  const s = statOf(pid);
  return s ? ms(s.ticks) : null;
}

/** CPU milliseconds of a process and every process below it. */
export function treeCpuMs(root: number): number {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = statOf(Number(entry));
    if (s) stats.set(Number(entry), s);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = stats.get(p)?.ppid ?? 0, hops++)
      if (p === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, s] of stats) if (inTree(pid)) ticks += s.ticks;
  return ms(ticks);
}
