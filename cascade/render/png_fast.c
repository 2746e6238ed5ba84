/* Preloaded into `dot -Tpng` (LD_PRELOAD) by cascade/render/png_fast.py.
 *
 * cairo writes PNGs with libpng's defaults, and for an RGBA image libpng then tries all five row
 * filters on every row to pick the best: a third of `dot -Tpng`'s time for a performance tree
 * (`perf record`). Trees are flat colours and text on white, which deflate as small without a row
 * filter, so the filter is set to "none" when cairo describes the image. The pixels, the zlib level
 * and everything else cairo writes stay as they were; png_fast.py checks the pixels before use.
 *
 * Linux with glibc only. No libpng headers are needed: the two functions are looked up by name in
 * whichever loaded library provides them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>

#define PNG_FILTER_TYPE_BASE 0
#define PNG_FILTER_NONE 0x08

typedef void (*set_ihdr_fn)(void *, void *, unsigned int, unsigned int, int, int, int, int, int);
typedef void (*set_filter_fn)(void *, int, int);

static set_ihdr_fn real_set_ihdr;
static set_filter_fn set_filter;

/* libpng comes with Graphviz's cairo plugin, opened by dlopen without RTLD_GLOBAL, so RTLD_NEXT
   cannot see it; it is loaded by the time cairo calls png_set_IHDR, under whatever name. */
static int find_libpng(struct dl_phdr_info *info, size_t size, void *self)
{
    (void)size;
    if (!info->dlpi_name || !info->dlpi_name[0])
        return 0;
    void *lib = dlopen(info->dlpi_name, RTLD_NOLOAD | RTLD_LAZY);
    if (!lib)
        return 0;
    set_ihdr_fn ihdr = (set_ihdr_fn)dlsym(lib, "png_set_IHDR");
    set_filter_fn filter = (set_filter_fn)dlsym(lib, "png_set_filter");
    if (ihdr && filter && (void *)ihdr != self) {
        real_set_ihdr = ihdr;
        set_filter = filter;
        return 1;
    }
    dlclose(lib);
    return 0;
}

void png_set_IHDR(void *png, void *info, unsigned int width, unsigned int height, int bit_depth,
                  int color_type, int interlace, int compression, int filter)
{
    if (!real_set_ihdr && !dl_iterate_phdr(find_libpng, (void *)png_set_IHDR))
        abort(); /* cannot happen while libpng calls us; png_fast.py would see dot fail */
    real_set_ihdr(png, info, width, height, bit_depth, color_type, interlace, compression, filter);
    set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
}
