// Preloaded (node --require) into every process the suite spawns with spawnNodeScript: the test process holds
// the other end of this process's stdin, so when that pipe closes the test process is gone (a run stopped from
// outside, a crashed worker fork) and this process ends too, instead of running on with nobody to stop it.
const stdin = process.stdin;
const end = () => process.kill(process.pid, "SIGKILL");
stdin.on("end", end);
stdin.on("error", end);
stdin.resume();
// Watching must not keep a process alive that has finished its work.
stdin.unref?.();
