/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tail-model.c: the tail of a list follows every change, and its signals rebuild it exactly. */

#include "config.h"

#include "mimo-tail-model.h"

/* What a list view would hold: the tail rebuilt from items-changed alone. */
static void
mirror_items_changed_cb (GListModel *tail,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (tail, position + i));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
assert_tail (GListStore    *base,
             MimoTailModel *tail,
             GPtrArray     *mirror)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (base));
  guint hidden = mimo_tail_model_get_n_hidden (tail);

  g_assert_cmpuint (hidden, <=, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, n - hidden);
  g_assert_cmpuint (mirror->len, ==, n - hidden);
  for (guint i = 0; i < n - hidden; i++)
    {
      g_autoptr (GObject) want = g_list_model_get_item (G_LIST_MODEL (base), hidden + i);
      g_autoptr (GObject) got = g_list_model_get_item (G_LIST_MODEL (tail), i);

      g_assert_true (got == want);
      g_assert_true (g_ptr_array_index (mirror, i) == want);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (tail), n - hidden));
}

static void
fill (GListStore *store,
      guint       position,
      guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

      g_list_store_insert (store, position + i, item);
    }
}

static void
test_basics (void)
{
  g_autoptr (GListStore)    base = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr (MimoTailModel) tail = NULL;
  g_autoptr (GPtrArray)     mirror = g_ptr_array_new_with_free_func (g_object_unref);

  fill (base, 0, 100);
  tail = mimo_tail_model_new (G_LIST_MODEL (base), 20);
  g_assert_true (mimo_tail_model_get_model (tail) == G_LIST_MODEL (base));
  g_assert_cmpuint (mimo_tail_model_get_n_hidden (tail), ==, 80);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (mirror, g_list_model_get_item (G_LIST_MODEL (tail), i));
  g_signal_connect (tail, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
  assert_tail (base, tail, mirror);

  /* Earlier items come in at the top, the latest of them first. */
  g_assert_cmpuint (mimo_tail_model_show_more (tail, 30), ==, 30);
  g_assert_cmpuint (mimo_tail_model_get_n_hidden (tail), ==, 50);
  assert_tail (base, tail, mirror);

  /* A search result far up: everything from it on is shown. */
  g_assert_cmpuint (mimo_tail_model_show_from (tail, 10), ==, 0);
  g_assert_cmpuint (mimo_tail_model_get_n_hidden (tail), ==, 10);
  g_assert_cmpuint (mimo_tail_model_show_from (tail, 50), ==, 40);
  g_assert_cmpuint (mimo_tail_model_show_from (tail, 100), ==, G_MAXUINT);
  assert_tail (base, tail, mirror);

  g_assert_cmpuint (mimo_tail_model_show_more (tail, 1000), ==, 10);
  g_assert_cmpuint (mimo_tail_model_show_more (tail, 1), ==, 0);
  assert_tail (base, tail, mirror);

  /* A short list shows all of itself. */
  {
    g_autoptr (GListStore)    small = g_list_store_new (G_TYPE_OBJECT);
    g_autoptr (MimoTailModel) small_tail = NULL;

    fill (small, 0, 5);
    small_tail = mimo_tail_model_new (G_LIST_MODEL (small), 20);
    g_assert_cmpuint (mimo_tail_model_get_n_hidden (small_tail), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (small_tail)), ==, 5);
  }
}

/* Random changes anywhere in the list, reveals and searches, each
 * checked against the list itself and against the rebuilt mirror. */
static void
test_random_changes (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 50; round++)
    {
      g_autoptr (GListStore)    base = g_list_store_new (G_TYPE_OBJECT);
      g_autoptr (MimoTailModel) tail = NULL;
      g_autoptr (GPtrArray)     mirror = g_ptr_array_new_with_free_func (g_object_unref);
      guint                     notified = 0;

      fill (base, 0, g_rand_int_range (rand, 0, 60));
      tail = mimo_tail_model_new (G_LIST_MODEL (base), g_rand_int_range (rand, 0, 30));
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tail)); i++)
        g_ptr_array_add (mirror, g_list_model_get_item (G_LIST_MODEL (tail), i));
      g_signal_connect (tail, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
      g_signal_connect_swapped (tail, "notify::n-hidden", G_CALLBACK (count_cb), &notified);

      for (guint step = 0; step < 200; step++)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (base));
          guint position = g_rand_int_range (rand, 0, n + 1);
          guint hidden = mimo_tail_model_get_n_hidden (tail);
          guint before = notified;

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: /* splice: remove some, add some */
              {
                guint                 removed = g_rand_int_range (rand, 0, n - position + 1);
                guint                 added = g_rand_int_range (rand, 0, 5);
                g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

                for (guint i = 0; i < added; i++)
                  g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));
                g_list_store_splice (base, position, removed, items->pdata, added);
                break;
              }
            case 1:
              fill (base, position, 1);
              break;
            case 2:
              mimo_tail_model_show_more (tail, g_rand_int_range (rand, 0, 10));
              break;
            default:
              if (n > 0)
                mimo_tail_model_show_from (tail, position % n);
              break;
            }
          assert_tail (base, tail, mirror);
          /* n-hidden is told exactly when it changed. */
          g_assert_cmpuint (notified != before, ==, mimo_tail_model_get_n_hidden (tail) != hidden);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/tail-model/basics", test_basics);
  g_test_add_func ("/core/tail-model/random-changes", test_random_changes);

  return g_test_run ();
}
