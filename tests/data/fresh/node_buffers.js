// A request handler that caches every response Buffer by id (never evicted).
const cache = new Map();
let i = 0;
function handle(id) {
  const body = Buffer.alloc(4096, id % 256);
  cache.set(id, body);
}
const timer = setInterval(() => {
  for (let k = 0; k < 200; k++) handle(i++);
  if (i >= 6000) { clearInterval(timer); }
}, 10);
