// A request log kept as plain JavaScript objects, never trimmed.
const log = [];
let n = 0;
const t0 = Date.now();
while (Date.now() - t0 < 2000) {
  for (let i = 0; i < 2000; i++, n++)
    log.push({ id: n, path: "/api/v1/items/" + n, user: "u" + (n % 977), at: Date.now(), tags: ["a", "b", String(n)] });
}
console.log(log.length);
