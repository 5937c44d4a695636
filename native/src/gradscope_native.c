// Gradscope's native kernels for the TensorFlow.js wasm backend (Node-API, C, OpenBLAS).
//
// Every function works in place on the wasm backend's linear memory: the caller passes the heap's
// ArrayBuffer and byte offsets of the tensors in it (the backend's memoryOffset), so nothing is
// copied in or out. Offsets and sizes are checked against the heap's length before any access.
//
//   matmul(heap, m, n, k, transA, transB, aOff, bOff, cOff, biasOff, biasMode, act, alpha, preluOff, preluMode)
//       C[m×n] = act(op(A)·op(B) + bias), row-major; op(X) = Xᵀ when the flag is set.
//       biasMode / preluMode: 0 none, 1 one value per column (length n), 2 one value for all.
//       act: 0 linear, 1 relu, 2 relu6, 3 sigmoid, 4 tanh, 5 elu, 6 leaky relu (alpha), 7 prelu.
//   update(heap, kind, n, wOff, outOff, gOff, s1Off, s2Off, lr, p1, p2, eps, c1, c2, rows, cols, statsOff, colOff)
//       One optimizer step over n values in one pass: reads W at wOff, writes the new W at outOff
//       (never in place), updates the optimizer's state s1 / s2 in place. kind: 0 sgd, 1 momentum,
//       2 nesterov, 3 adagrad, 4 rmsprop, 5 adam (formulas as tf.train's, see below). With
//       statsOff ≥ 0 the same pass writes stats() of the gradient (as rows × cols = n) there.
//   stats(heap, gOff, rows, cols, outOff, colOff)
//       out[0] = ‖g‖₂, out[1] = mean |g| over rows×cols values; with colOff ≥ 0 also the mean |g| of
//       each column at colOff (cols floats). One pass, accumulated in double.
//   configure(maxThreads, threshold)  OpenBLAS threads for products of at least `threshold`
//       multiply-adds (m·n·k); one thread below it. Per calling thread (each Node worker its own).
//   info()  { config, maxThreads, threshold }
#define NAPI_VERSION 8
#include <node_api.h>
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The elementwise loops (optimizer updates, probe statistics) compiled twice on x86-64 with GCC: for
// AVX2 + FMA and for the baseline; the loader picks the one the CPU runs (an ifunc). One binary
// stays portable (prebuilds), and a recent CPU gets 8 floats per instruction instead of 4.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VECTOR_CLONES __attribute__((target_clones("arch=haswell", "default")))
#else
#define VECTOR_CLONES
#endif

// The thread setting belongs to the calling thread: every Node worker thread that loads the addon
// (a trainer, or one trainer per core in a sweep's pool) configures its own. OpenBLAS's thread count
// is one per process, so each product sets it to what its caller wants when it differs.
static _Thread_local int g_max_threads = 1;
static _Thread_local double g_threshold = 3.0e7;

#define CHECK(call)                                                              \
  do {                                                                           \
    if ((call) != napi_ok) {                                                     \
      napi_throw_error(env, NULL, "gradscope-native: Node-API call failed: " #call); \
      return NULL;                                                               \
    }                                                                            \
  } while (0)

typedef struct {
  uint8_t *base;
  size_t len;
} Heap;

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, "gradscope-native: too few arguments");
    return 0;
  }
  return 1;
}

static int get_heap(napi_env env, napi_value v, Heap *h) {
  void *data = NULL;
  size_t len = 0;
  if (napi_get_arraybuffer_info(env, v, &data, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "gradscope-native: the heap must be an ArrayBuffer");
    return 0;
  }
  h->base = (uint8_t *)data;
  h->len = len;
  return 1;
}

static double num(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

static int64_t int_arg(napi_env env, napi_value v) {
  int64_t i = 0;
  napi_get_value_int64(env, v, &i);
  return i;
}

/** A float32 pointer to `count` values at byte offset `off`, or NULL (with a RangeError thrown). */
static float *at(napi_env env, const Heap *h, int64_t off, int64_t count, const char *what) {
  if (off < 0 || count < 0 || (off & 3) != 0 || (uint64_t)off + (uint64_t)count * 4u > h->len) {
    char msg[160];
    snprintf(msg, sizeof msg, "gradscope-native: %s (offset %lld, %lld floats) is outside the wasm heap of %zu bytes",
             what, (long long)off, (long long)count, h->len);
    napi_throw_range_error(env, NULL, msg);
    return NULL;
  }
  return (float *)(h->base + off);
}

static void use_threads(double work) {
  int want = (g_max_threads > 1 && work >= g_threshold) ? g_max_threads : 1;
  if (want != openblas_get_num_threads()) openblas_set_num_threads(want);
}

static inline float activate(float x, int act, float alpha, float prelu) {
  switch (act) {
    case 1: return x > 0.f ? x : 0.f;
    case 2: return x < 0.f ? 0.f : (x > 6.f ? 6.f : x);
    case 3: return 1.f / (1.f + expf(-x));
    case 4: return tanhf(x);
    case 5: return x >= 0.f ? x : expf(x) - 1.f;
    case 6: return x >= 0.f ? x : alpha * x;
    case 7: return x >= 0.f ? x : prelu * x;
    default: return x;
  }
}

static napi_value Matmul(napi_env env, napi_callback_info info) {
  napi_value argv[15];
  if (!get_args(env, info, 15, argv)) return NULL;
  Heap h;
  if (!get_heap(env, argv[0], &h)) return NULL;
  const int64_t m = int_arg(env, argv[1]), n = int_arg(env, argv[2]), k = int_arg(env, argv[3]);
  const int ta = int_arg(env, argv[4]) != 0, tb = int_arg(env, argv[5]) != 0;
  const int bias_mode = (int)int_arg(env, argv[10]);
  const int act = (int)int_arg(env, argv[11]);
  const float alpha = (float)num(env, argv[12]);
  const int prelu_mode = (int)int_arg(env, argv[14]);
  if (m <= 0 || n <= 0 || k < 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    napi_throw_range_error(env, NULL, "gradscope-native: matmul dimensions out of range");
    return NULL;
  }
  float *c = at(env, &h, int_arg(env, argv[8]), m * n, "matmul result");
  if (!c) return NULL;
  if (k == 0) {
    memset(c, 0, (size_t)(m * n) * sizeof(float));
  } else {
    const float *a = at(env, &h, int_arg(env, argv[6]), m * k, "matmul left operand");
    if (!a) return NULL;
    const float *b = at(env, &h, int_arg(env, argv[7]), k * n, "matmul right operand");
    if (!b) return NULL;
    use_threads((double)m * (double)n * (double)k);
    if (m == 1 && !ta) {
      // a row vector times a matrix: gemv is leaner than gemm for batch 1
      cblas_sgemv(CblasRowMajor, tb ? CblasNoTrans : CblasTrans, tb ? (int)n : (int)k, tb ? (int)k : (int)n, 1.f, b,
                  tb ? (int)k : (int)n, a, 1, 0.f, c, 1);
    } else {
      cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k,
                  1.f, a, ta ? (int)m : (int)k, b, tb ? (int)k : (int)n, 0.f, c, (int)n);
    }
  }
  const float *bias = NULL;
  if (bias_mode != 0) {
    bias = at(env, &h, int_arg(env, argv[9]), bias_mode == 1 ? n : 1, "matmul bias");
    if (!bias) return NULL;
  }
  const float *prelu = NULL;
  if (act == 7) {
    prelu = at(env, &h, int_arg(env, argv[13]), prelu_mode == 1 ? n : 1, "prelu weights");
    if (!prelu) return NULL;
  }
  if (bias_mode == 0 && act == 0) return NULL;
  for (int64_t i = 0; i < m; i++) {
    float *row = c + i * n;
    if (act == 0) {
      if (bias_mode == 1)
        for (int64_t j = 0; j < n; j++) row[j] += bias[j];
      else
        for (int64_t j = 0; j < n; j++) row[j] += bias[0];
    } else if (act == 1 && bias_mode == 1) {
      for (int64_t j = 0; j < n; j++) {
        float v = row[j] + bias[j];
        row[j] = v > 0.f ? v : 0.f;
      }
    } else {
      for (int64_t j = 0; j < n; j++) {
        float v = row[j] + (bias_mode == 1 ? bias[j] : bias_mode == 2 ? bias[0] : 0.f);
        row[j] = activate(v, act, alpha, act == 7 ? prelu[prelu_mode == 1 ? j : 0] : 0.f);
      }
    }
  }
  return NULL;
}

// denseBackward(heap, m, k, n, xOff, wOff, yOff, dyOff, act, alpha, dzOff, dxOff, dwOff, dbOff)
//   The backward pass of y = act(x·W + b), x [m×k], W [k×n], from the OUTPUT y: dz = dy ⊙ act'(y)
//   (written at dzOff, m×n scratch), dW = xᵀ·dz, db = column sums of dz (dbOff < 0: no bias),
//   dx = dz·Wᵀ (dxOff < 0: not computed, e.g. when x is the training data). act: 0 linear, 1 relu,
//   3 sigmoid, 4 tanh; with act 0, y is never read (any offset inside the heap will do).
static napi_value DenseBackward(napi_env env, napi_callback_info info) {
  napi_value argv[14];
  if (!get_args(env, info, 14, argv)) return NULL;
  Heap h;
  if (!get_heap(env, argv[0], &h)) return NULL;
  const int64_t m = int_arg(env, argv[1]), k = int_arg(env, argv[2]), n = int_arg(env, argv[3]);
  if (m <= 0 || n <= 0 || k <= 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    napi_throw_range_error(env, NULL, "gradscope-native: denseBackward dimensions out of range");
    return NULL;
  }
  const float *x = at(env, &h, int_arg(env, argv[4]), m * k, "dense input");
  if (!x) return NULL;
  const float *w = at(env, &h, int_arg(env, argv[5]), k * n, "dense kernel");
  if (!w) return NULL;
  const float *y = at(env, &h, int_arg(env, argv[6]), m * n, "dense output");
  if (!y) return NULL;
  const float *dy = at(env, &h, int_arg(env, argv[7]), m * n, "output gradient");
  if (!dy) return NULL;
  const int act = (int)int_arg(env, argv[8]);
  float *dz = at(env, &h, int_arg(env, argv[10]), m * n, "scratch");
  if (!dz) return NULL;
  const int64_t dx_off = int_arg(env, argv[11]);
  float *dx = NULL;
  if (dx_off >= 0) {
    dx = at(env, &h, dx_off, m * k, "input gradient");
    if (!dx) return NULL;
  }
  float *dw = at(env, &h, int_arg(env, argv[12]), k * n, "kernel gradient");
  if (!dw) return NULL;
  const int64_t db_off = int_arg(env, argv[13]);
  float *db = NULL;
  if (db_off >= 0) {
    db = at(env, &h, db_off, n, "bias gradient");
    if (!db) return NULL;
  }
  const int64_t total = m * n;
  switch (act) {
    case 1:
      for (int64_t i = 0; i < total; i++) dz[i] = y[i] > 0.f ? dy[i] : 0.f;
      break;
    case 3:
      for (int64_t i = 0; i < total; i++) dz[i] = dy[i] * (y[i] * (1.f - y[i]));
      break;
    case 4:
      for (int64_t i = 0; i < total; i++) dz[i] = dy[i] * (1.f - y[i] * y[i]);
      break;
    case 0:
      memcpy(dz, dy, (size_t)total * sizeof(float));
      break;
    default:
      napi_throw_range_error(env, NULL, "gradscope-native: denseBackward supports linear, relu, sigmoid and tanh");
      return NULL;
  }
  if (db) {
    for (int64_t j = 0; j < n; j++) db[j] = 0.f;
    for (int64_t i = 0; i < m; i++) {
      const float *row = dz + i * n;
      for (int64_t j = 0; j < n; j++) db[j] += row[j];
    }
  }
  use_threads((double)m * (double)n * (double)k);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)k, (int)n, (int)m, 1.f, x, (int)k, dz, (int)n, 0.f, dw, (int)n);
  if (dx)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)k, (int)n, 1.f, dz, (int)n, w, (int)n, 0.f, dx, (int)k);
  return NULL;
}

/**
 * Adds, per column j of g [rows×cols] with rows ≤ 32: ab[j] += Σ|g|, sq[j] += Σg². The block adds up
 * in float (8 columns per instruction), then into the double totals: float rounding over at most 32
 * terms. fa: scratch of 2·cols floats.
 */
#define STATS_BLOCK 32
VECTOR_CLONES
static void column_block(const float *restrict g, int64_t rows, int64_t cols, double *restrict ab, double *restrict sq, float *restrict fa) {
  float *restrict fs = fa + cols;
  for (int64_t j = 0; j < cols; j++) fa[j] = fs[j] = 0.f;
  for (int64_t i = 0; i < rows; i++) {
    const float *restrict row = g + i * cols;
    for (int64_t j = 0; j < cols; j++) {
      const float v = row[j];
      fa[j] += fabsf(v);
      fs[j] += v * v;
    }
  }
  for (int64_t j = 0; j < cols; j++) {
    ab[j] += fa[j];
    sq[j] += fs[j];
  }
}

/** Per-column sums of a gradient, added block by block (column_block). */
typedef struct {
  double *ab, *sq;
  float *fa;
} ColumnSums;

static int column_sums_alloc(napi_env env, int64_t cols, ColumnSums *c) {
  c->ab = calloc((size_t)cols * 2 * sizeof(double) + (size_t)cols * 2 * sizeof(float), 1);
  if (!c->ab) {
    napi_throw_error(env, NULL, "gradscope-native: out of memory");
    return 0;
  }
  c->sq = c->ab + cols;
  c->fa = (float *)(c->ab + 2 * cols);
  return 1;
}

/** out[0] = ‖g‖₂, out[1] = mean |g|; colmean (may be NULL) = mean |g| per column; frees the sums. */
static void column_sums_finish(ColumnSums *c, int64_t rows, int64_t cols, float *out, float *colmean) {
  double ab = 0, sq = 0;
  for (int64_t j = 0; j < cols; j++) {
    ab += c->ab[j];
    sq += c->sq[j];
    if (colmean) colmean[j] = (float)(c->ab[j] / (double)rows);
  }
  out[0] = (float)sqrt(sq);
  out[1] = (float)(ab / (double)(rows * cols));
  free(c->ab);
}

/** One optimizer step over n values (kind 0…5, checked by the caller); formulas as tf.train's. */
VECTOR_CLONES
static void update_values(int kind, int64_t n, const float *restrict w, float *restrict out, const float *restrict g, float *restrict s1,
                          float *restrict s2, float lr, float p1, float p2, float eps, float c1, float c2) {
  switch (kind) {
    case 0:  // sgd: w - lr·g
      for (int64_t i = 0; i < n; i++) out[i] = w[i] - lr * g[i];
      break;
    case 1:  // momentum p1: a = p1·a + g; w - lr·a
      for (int64_t i = 0; i < n; i++) {
        float a = p1 * s1[i] + g[i];
        s1[i] = a;
        out[i] = w[i] - lr * a;
      }
      break;
    case 2:  // nesterov p1: a = p1·a + g; w - lr·(g + p1·a)
      for (int64_t i = 0; i < n; i++) {
        float a = p1 * s1[i] + g[i];
        s1[i] = a;
        out[i] = w[i] - lr * (g[i] + a * p1);
      }
      break;
    case 3:  // adagrad: s = s + g²; w - lr·g / √(s + eps)
      for (int64_t i = 0; i < n; i++) {
        float s = s1[i] + g[i] * g[i];
        s1[i] = s;
        out[i] = w[i] - lr * (g[i] / sqrtf(s + eps));
      }
      break;
    case 4:  // rmsprop decay p1, momentum p2: s = p1·s + (1-p1)·g²; a = p2·a + lr·g/√(s + eps); w - a
      for (int64_t i = 0; i < n; i++) {
        float s = s1[i] * p1 + g[i] * g[i] * (1.f - p1);
        float a = s2[i] * p2 + (g[i] * lr) / sqrtf(s + eps);
        s1[i] = s;
        s2[i] = a;
        out[i] = w[i] - a;
      }
      break;
    case 5:  // adam β1 p1, β2 p2, c1 = 1-β1ᵗ, c2 = 1-β2ᵗ: w - lr·(m/c1) / (√(v/c2) + eps)
      for (int64_t i = 0; i < n; i++) {
        float mm = s1[i] * p1 + g[i] * (1.f - p1);
        float vv = s2[i] * p2 + g[i] * g[i] * (1.f - p2);
        s1[i] = mm;
        s2[i] = vv;
        out[i] = w[i] - lr * ((mm / c1) / (sqrtf(vv / c2) + eps));
      }
      break;
  }
}

static napi_value Update(napi_env env, napi_callback_info info) {
  napi_value argv[18];
  if (!get_args(env, info, 18, argv)) return NULL;
  Heap h;
  if (!get_heap(env, argv[0], &h)) return NULL;
  const int kind = (int)int_arg(env, argv[1]);
  const int64_t n = int_arg(env, argv[2]);
  const float *w = at(env, &h, int_arg(env, argv[3]), n, "variable");
  if (!w) return NULL;
  float *out = at(env, &h, int_arg(env, argv[4]), n, "new variable");
  if (!out) return NULL;
  const float *g = at(env, &h, int_arg(env, argv[5]), n, "gradient");
  if (!g) return NULL;
  float *s1 = NULL, *s2 = NULL;
  if (kind >= 1) {
    s1 = at(env, &h, int_arg(env, argv[6]), n, "optimizer state");
    if (!s1) return NULL;
  }
  if (kind == 4 || kind == 5) {
    s2 = at(env, &h, int_arg(env, argv[7]), n, "optimizer state");
    if (!s2) return NULL;
  }
  const float lr = (float)num(env, argv[8]);
  const float p1 = (float)num(env, argv[9]);
  const float p2 = (float)num(env, argv[10]);
  const float eps = (float)num(env, argv[11]);
  const float c1 = (float)num(env, argv[12]);
  const float c2 = (float)num(env, argv[13]);
  if (kind < 0 || kind > 5) {
    napi_throw_range_error(env, NULL, "gradscope-native: unknown optimizer kind");
    return NULL;
  }
  // the probe statistics of the gradient in the same pass (statsOff ≥ 0), as stats() computes them
  const int64_t rows = int_arg(env, argv[14]), cols = int_arg(env, argv[15]);
  const int64_t stats_off = int_arg(env, argv[16]), col_off = int_arg(env, argv[17]);
  if (stats_off < 0) {
    update_values(kind, n, w, out, g, s1, s2, lr, p1, p2, eps, c1, c2);
    return NULL;
  }
  if (rows <= 0 || cols <= 0 || rows * cols != n) {
    napi_throw_range_error(env, NULL, "gradscope-native: update statistics: rows × cols is not the variable's size");
    return NULL;
  }
  float *stats = at(env, &h, stats_off, 2, "statistics");
  if (!stats) return NULL;
  float *colmean = NULL;
  if (col_off >= 0) {
    colmean = at(env, &h, col_off, cols, "per-column statistics");
    if (!colmean) return NULL;
  }
  const int64_t r = colmean ? rows : 1, c = colmean ? cols : n;
  ColumnSums sums;
  if (!column_sums_alloc(env, c, &sums)) return NULL;
  for (int64_t i0 = 0; i0 < r; i0 += STATS_BLOCK) {
    const int64_t k = r - i0 < STATS_BLOCK ? r - i0 : STATS_BLOCK, o = i0 * c;
    update_values(kind, k * c, w + o, out + o, g + o, s1 ? s1 + o : NULL, s2 ? s2 + o : NULL, lr, p1, p2, eps, c1, c2);
    column_block(g + o, k, c, sums.ab, sums.sq, sums.fa);
  }
  column_sums_finish(&sums, r, c, stats, colmean);
  return NULL;
}

static napi_value Stats(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!get_args(env, info, 6, argv)) return NULL;
  Heap h;
  if (!get_heap(env, argv[0], &h)) return NULL;
  const int64_t rows = int_arg(env, argv[2]), cols = int_arg(env, argv[3]);
  if (rows <= 0 || cols <= 0) {
    napi_throw_range_error(env, NULL, "gradscope-native: stats of an empty tensor");
    return NULL;
  }
  const float *g = at(env, &h, int_arg(env, argv[1]), rows * cols, "gradient");
  if (!g) return NULL;
  float *out = at(env, &h, int_arg(env, argv[4]), 2, "statistics");
  if (!out) return NULL;
  const int64_t col_off = int_arg(env, argv[5]);
  float *colmean = NULL;
  if (col_off >= 0) {
    colmean = at(env, &h, col_off, cols, "per-column statistics");
    if (!colmean) return NULL;
  }
  // a vector's statistics (no per-column means): one row, so nothing is added per column in vain
  const int64_t r = colmean ? rows : 1, c = colmean ? cols : rows * cols;
  ColumnSums sums;
  if (!column_sums_alloc(env, c, &sums)) return NULL;
  for (int64_t i0 = 0; i0 < r; i0 += STATS_BLOCK) column_block(g + i0 * c, r - i0 < STATS_BLOCK ? r - i0 : STATS_BLOCK, c, sums.ab, sums.sq, sums.fa);
  column_sums_finish(&sums, r, c, out, colmean);
  return NULL;
}

static napi_value Configure(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!get_args(env, info, 2, argv)) return NULL;
  int t = (int)int_arg(env, argv[0]);
  g_max_threads = t < 1 ? 1 : t;
  g_threshold = num(env, argv[1]);
  return NULL;
}

static napi_value Info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, v;
  CHECK(napi_create_object(env, &obj));
  const char *cfg = openblas_get_config();
  CHECK(napi_create_string_utf8(env, cfg ? cfg : "OpenBLAS", NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, obj, "config", v));
  CHECK(napi_create_int32(env, g_max_threads, &v));
  CHECK(napi_set_named_property(env, obj, "maxThreads", v));
  CHECK(napi_create_double(env, g_threshold, &v));
  CHECK(napi_set_named_property(env, obj, "threshold", v));
  CHECK(napi_create_int32(env, openblas_get_num_procs(), &v));
  CHECK(napi_set_named_property(env, obj, "cores", v));
  return obj;
}

/* Bumped whenever a kernel's arguments change (2: denseBackward's optional input gradient, offset -1). */
#define GRADSCOPE_NATIVE_ABI 2

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"matmul", NULL, Matmul, NULL, NULL, NULL, napi_default, NULL},
      {"denseBackward", NULL, DenseBackward, NULL, NULL, NULL, napi_default, NULL},
      {"update", NULL, Update, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, Stats, NULL, NULL, NULL, napi_default, NULL},
      {"configure", NULL, Configure, NULL, NULL, NULL, napi_default, NULL},
      {"info", NULL, Info, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  // the kernels' calling convention; native/index.js refuses a binary built from other sources
  napi_value abi;
  if (napi_create_int32(env, GRADSCOPE_NATIVE_ABI, &abi) != napi_ok || napi_set_named_property(env, exports, "abi", abi) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
