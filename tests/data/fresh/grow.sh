#!/bin/bash
# A bash script that keeps every line it has seen in an associative array.
declare -A seen
for ((i = 0; i < 40000; i++)); do
    line="request $i from client $((i * 7)) with some payload text"
    seen[$i]=$line
done
echo ${#seen[@]}
