#include <csignal>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Writes to a closed socket must fail with EPIPE, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"gilbench: which concurrency model (threads, async, procs, offload) serves CPU- and "
               "I/O-bound requests best, and what Python's GIL does to each."};
  app.require_subcommand(1);
  app.set_version_flag("--version", GILBENCH_VERSION);
  gilbench::cli::add_serve(app);
  gilbench::cli::add_db(app);
  gilbench::cli::add_load(app);
  gilbench::cli::add_sweep(app);
  gilbench::cli::add_report(app);
  gilbench::cli::add_pool(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "gilbench: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
