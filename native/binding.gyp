{
  "targets": [
    {
      "target_name": "gradscope_native",
      "sources": ["src/gradscope_native.c"],
      "cflags": ["-O3", "-std=c11", "-fno-math-errno", "-Wall"],
      "include_dirs": ["/usr/include/x86_64-linux-gnu", "/usr/include/aarch64-linux-gnu", "/usr/include/openblas"],
      "libraries": ["-lopenblas"]
    }
  ]
}
