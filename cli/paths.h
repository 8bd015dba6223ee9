// Where domex keeps its store and finds its seed tables when no flag says:
// pure choices from the environment (tested by table), and the one place
// that reads the real environment. Thread-compatible.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/status.h"

namespace domex::cli {

// What the choices depend on; empty means unset.
struct Environment {
  std::string state_directory;  // $STATE_DIRECTORY (systemd StateDirectory=)
  std::string xdg_state_home;   // $XDG_STATE_HOME
  std::string home;             // $HOME
  std::string domex_seeds;      // $DOMEX_SEEDS
  std::string exe_dir;          // the directory of the running binary
};

// This process's environment (getenv, /proc/self/exe).
Environment CurrentEnvironment();

// The store directory when --db is not given: systemd's state directory
// for the unit ($STATE_DIRECTORY, /var/lib/domex for the shipped one), else
// $XDG_STATE_HOME/domex, else $HOME/.local/state/domex (the XDG Base
// Directory default). Relative XDG_STATE_HOME is ignored, as the
// specification says. InvalidArgument when none of them is set.
Result<std::string> DefaultStoreDir(const Environment& env);

// The store directory for `db_flag` (--db; nullopt when not given),
// creating the default's missing parents 0700 (~/.local/state). A --db
// given is used as it is (the store refuses an empty one). IoError when a
// parent cannot be created.
Result<std::string> StoreDir(const std::optional<std::string>& db_flag,
                             const Environment& env);

// The seed tables' directory: `seeds_flag` (--seeds) when given (empty:
// InvalidArgument), else
// $DOMEX_SEEDS, else `share/domex` of the installation the binary runs from
// (<bin>/../share/domex), else the copy a build tree keeps beside its
// binary (<build>/share/domex). Only directories for which `is_dir` holds
// count. InvalidArgument naming where it looked when none does.
Result<std::string> SeedsDir(
    const std::optional<std::string>& seeds_flag, const Environment& env,
    const std::function<bool(const std::string&)>& is_dir);

// The store directory to read for `db_flag` (as StoreDir): it or the
// default, creating nothing.
Result<std::string> StoreDirToRead(const std::optional<std::string>& db_flag,
                                   const Environment& env);

// SeedsDir with the real file system.
Result<std::string> SeedsDir(const std::optional<std::string>& seeds_flag);

}  // namespace domex::cli
