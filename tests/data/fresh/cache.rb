# A response cache in a Ruby hash keyed by the request id, never pruned.
CACHE = {}
def handle(id)
  body = "x" * 200 + id.to_s
  parts = (1..10).map { |k| k * id }
  CACHE[id] = body
  body.size + parts.size
end
total = 0
200_000.times { |i| total += handle(i) }
puts total
