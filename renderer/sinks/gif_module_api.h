// The GIF module's interface (libconvanim_gif.so): libavcodec's GIF encoder behind a
// small C API. The GIF sink in the binary dlopen()s the module (module_loader.h) and
// writes the file around the packets it returns (gif_container.h). The module is
// built with -fvisibility=hidden: only these functions are exported.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define CONVANIM_MODULE_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

// Bumped whenever a declaration below changes.
#define CONVANIM_GIF_MODULE_API_VERSION 1

typedef struct ConvanimGifEncoder ConvanimGifEncoder;

// CONVANIM_GIF_MODULE_API_VERSION of the module's build.
typedef int (*ConvanimGifApiVersionFn)(void);

// An opened libavcodec GIF encoder for width x height PAL8 frames, with gifflags
// +offsetting+transdiff (each frame cropped to the rectangle that changed, unchanged
// pixels inside it transparent) and global_palette (the first frame's palette is the
// file's global table). Time base 1/100 s. Returns NULL on failure, with a message
// in `error` (at most error_size bytes, NUL-terminated). Close with convanim_gif_close.
typedef ConvanimGifEncoder* (*ConvanimGifOpenFn)(int width, int height, char* error,
                                                 size_t error_size);

// Encodes one frame: `indices` holds height rows of width palette indices, `stride`
// bytes apart; `palette` holds 256 opaque 0xAARRGGBB entries; `pts` is the frame's
// time stamp for libavcodec (the GIF encoder's bytes do not depend on it). On success
// (0) *packet and *packet_size describe the bytes the encoder produced for this frame
// (GIF blocks: the first frame's start with the header and global colour table; each
// has a Graphic Control Extension whose delay the caller sets), valid until the next
// call on this encoder. Each packet depends only on its frame and the one before. On
// failure (< 0) the encoder's error function says why.
typedef int (*ConvanimGifEncodeFn)(ConvanimGifEncoder* encoder, const uint8_t* indices,
                                   ptrdiff_t stride, const uint32_t* palette, int64_t pts,
                                   const uint8_t** packet, size_t* packet_size);

// The last failure of `encoder`, "" when none. Valid until the next call on it.
typedef const char* (*ConvanimGifErrorFn)(const ConvanimGifEncoder* encoder);

// Frees the encoder (NULL is fine).
typedef void (*ConvanimGifCloseFn)(ConvanimGifEncoder* encoder);

#ifdef __cplusplus
}  // extern "C"
#endif

#ifdef __cplusplus
namespace convanim {
namespace sinks {

// Exported symbol names of the GIF module, one per function type above.
constexpr const char kGifApiVersionSymbol[] = "convanim_gif_api_version";
constexpr const char kGifOpenSymbol[] = "convanim_gif_open";
constexpr const char kGifEncodeSymbol[] = "convanim_gif_encode";
constexpr const char kGifErrorSymbol[] = "convanim_gif_error";
constexpr const char kGifCloseSymbol[] = "convanim_gif_close";

}  // namespace sinks
}  // namespace convanim
#endif
