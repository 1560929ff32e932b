# convanim_embed_asset(<target> <symbol> <file>)
# Compiles <file> into <target> as `extern const unsigned char <symbol>[]` and
# `extern const std::size_t <symbol>_size`, so the binary needs no install step
# and draws with the same font bytes on every machine.
function(convanim_embed_asset target symbol file)
  set(out "${CMAKE_BINARY_DIR}/generated/assets/${symbol}.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DINPUT=${file} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedAssetScript.cmake"
    DEPENDS "${file}" "${PROJECT_SOURCE_DIR}/cmake/EmbedAssetScript.cmake"
    COMMENT "Embedding ${file}")
  target_sources(${target} PRIVATE "${out}")
endfunction()
