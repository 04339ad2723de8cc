-- A response cache in a Lua table keyed by the request id, never pruned.
local cache = {}
local function handle(id)
  local body = string.rep("x", 200) .. id
  local parts = {}
  for k = 1, 10 do parts[k] = k * id end
  cache[id] = body
  return #body + #parts
end
local total = 0
for i = 1, 200000 do total = total + handle(i) end
print(total)
