<?php
// A worker that keeps every response in a static cache keyed by the request id, never pruned.
function handle($id) {
    static $cache = [];
    $body = str_repeat("x", 200) . $id;
    $cache[$id] = $body;
    return strlen($body);
}
$total = 0;
for ($i = 0; $i < 200000; $i++) { $total += handle($i); }
echo $total, "\n";
