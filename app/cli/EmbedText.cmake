# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P EmbedText.cmake
# Writes INPUT as a NUL-terminated C++ array named SYMBOL (bytes in hex, so any content is safe).
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
set(quote "\"")
file(WRITE "${OUTPUT}" "/* Generated from ${INPUT}; do not edit. */\nextern ${quote}C${quote} const unsigned char ${SYMBOL}[] = {\n${bytes}0x00};\n")
