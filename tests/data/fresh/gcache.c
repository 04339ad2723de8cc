// A GLib service: a hash table of sessions that never evicts (the leak), a GString log
// line built and freed per request, and a GPtrArray batch freed every 100 requests.
#include <glib.h>
#include <unistd.h>

static GHashTable *sessions;

static void remember_session(int id)
{
    gchar *key = g_strdup_printf("session-%d", id);
    gchar *value = g_strnfill(300, 's');
    g_hash_table_insert(sessions, key, value);
}

static void log_request(int id)
{
    GString *line = g_string_new("request ");
    for (int i = 0; i < 20; ++i)
        g_string_append_printf(line, "%d:%d ", id, i);
    g_string_free(line, TRUE);
}

static GPtrArray *batch_collect(int n)
{
    GPtrArray *batch = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; ++i)
        g_ptr_array_add(batch, g_malloc0(2048));
    return batch;
}

int main(void)
{
    sessions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int r = 0; r < 40; ++r) {
        GPtrArray *batch = batch_collect(500);
        for (int i = 0; i < 500; ++i) {
            log_request(r * 500 + i);
            if (i % 5 == 0)
                remember_session(r * 500 + i);
        }
        g_ptr_array_free(batch, TRUE);
        g_usleep(20000);
    }
    g_print("%u sessions\n", g_hash_table_size(sessions));
    return 0;
}
