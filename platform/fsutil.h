/* platform/fsutil.h: small file-system helpers with honest durability.
 *
 * fs_write_atomic writes to a temporary file in the same folder, fsyncs it, renames it into
 * place and fsyncs the folder, so that after it returns K_OK a power cut cannot lose it.
 */
#ifndef PLATFORM_FSUTIL_H
#define PLATFORM_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "platform/err.h"

/* Read a whole file of at most max bytes into a new NUL-terminated buffer (*out, caller
 * frees; *len excludes the NUL). K_ERR_TOO_LARGE when bigger, K_ERR_IO when unreadable. */
enum kerr fs_read_file(const char *path, size_t max, char **out, size_t *len);
/* Map a whole file of at most max bytes read-only (*out, *len; fs_unmap_file() releases it).
 * The pages are the page cache's: reading them costs no system call, and only the pages
 * touched count toward the process's memory. For installed, read-only assets (fonts): a file
 * truncated while mapped faults its reader. K_ERR_NOT_FOUND, K_ERR_IO (also for an empty
 * file), K_ERR_TOO_LARGE. */
enum kerr fs_map_file(const char *path, size_t max, const void **out, size_t *len);
void fs_unmap_file(const void *p, size_t len); /* NULL is a no-op */
/* Let go of the pages of a mapped file this process touched: they stay in the page cache (no
 * I/O to map them again) but no longer count toward its memory. NULL is a no-op. */
void fs_map_release(const void *p, size_t len);
/* Durably write len bytes to path with the given mode (see above). */
enum kerr fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode);
/* fsync the folder that holds path (or the folder itself when path is a folder). */
enum kerr fs_sync_dir(const char *path);
/* mkdir -p with the given mode for created folders. */
enum kerr fs_mkdir_p(const char *path, mode_t mode);
/* Remove a file or a whole folder tree; a missing path is K_OK. */
enum kerr fs_remove_tree(const char *path);
bool fs_exists(const char *path);

#endif
