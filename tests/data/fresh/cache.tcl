# A request cache in a Tcl dict keyed by the request id, never pruned.
set cache [dict create]
proc handle {id} {
    global cache
    set body [string repeat "x" 200]
    append body $id
    dict set cache $id $body
    return [string length $body]
}
set total 0
for {set i 0} {$i < 200000} {incr i} {
    incr total [handle $i]
}
puts $total
