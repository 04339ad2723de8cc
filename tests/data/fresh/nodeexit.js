// Keeps 400 000 Buffers of 256 bytes, 20 000 each 10 ms, and ends: V8 frees them as node exits,
// over 0.2 s, pausing for an interval half-way (heaptrack.nodeexit.zst).
const kept = [];
let n = 0;
function tick() {
  for (let i = 0; i < 20000; i++) kept.push({ id: n++, name: "session-" + n, buf: Buffer.alloc(256) });
  if (n < 400000) setTimeout(tick, 10);
}
tick();
