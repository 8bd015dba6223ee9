#include "cli/paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace domex::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string ExeDir() {
  std::vector<char> buf(4096);
  const ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) return "";
  std::string path(buf.data(), static_cast<size_t>(n));
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

bool IsAbsolute(const std::string& path) {
  return !path.empty() && path[0] == '/';
}

// mkdir -p for the parents of `dir`, each new one 0700 (what the XDG
// specification asks of the state directory's parents it creates).
Status MakeParents(const std::string& dir) {
  for (size_t slash = dir.find('/', 1); slash != std::string::npos;
       slash = dir.find('/', slash + 1)) {
    const std::string parent = dir.substr(0, slash);
    if (mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::IoError("cannot create " + parent + ": " +
                             std::strerror(errno));
    }
  }
  return Status::Ok();
}

}  // namespace

Environment CurrentEnvironment() {
  Environment env;
  env.state_directory = Env("STATE_DIRECTORY");
  env.xdg_state_home = Env("XDG_STATE_HOME");
  env.home = Env("HOME");
  env.domex_seeds = Env("DOMEX_SEEDS");
  env.exe_dir = ExeDir();
  return env;
}

Result<std::string> DefaultStoreDir(const Environment& env) {
  // systemd may list several state directories separated by ':'; the
  // shipped unit has one.
  if (IsAbsolute(env.state_directory)) {
    return env.state_directory.substr(0, env.state_directory.find(':'));
  }
  if (IsAbsolute(env.xdg_state_home)) return env.xdg_state_home + "/domex";
  if (IsAbsolute(env.home)) return env.home + "/.local/state/domex";
  return Status::InvalidArgument(
      "no store given and no home to keep one in (HOME, XDG_STATE_HOME and "
      "STATE_DIRECTORY are unset): pass --db DIR");
}

Result<std::string> StoreDir(const std::optional<std::string>& db_flag,
                             const Environment& env) {
  if (db_flag) return *db_flag;  // the store names an empty one
  Result<std::string> dir = DefaultStoreDir(env);
  if (!dir.ok()) return dir;
  Status made = MakeParents(*dir);
  if (!made.ok()) return made;
  return dir;
}

Result<std::string> StoreDirToRead(const std::optional<std::string>& db_flag,
                                   const Environment& env) {
  if (db_flag) return *db_flag;  // the store names an empty one
  return DefaultStoreDir(env);
}

Result<std::string> SeedsDir(
    const std::optional<std::string>& seeds_flag, const Environment& env,
    const std::function<bool(const std::string&)>& is_dir) {
  if (seeds_flag && seeds_flag->empty()) {
    return Status::InvalidArgument("option '--seeds' needs a directory");
  }
  if (seeds_flag) return *seeds_flag;
  if (!env.domex_seeds.empty()) return env.domex_seeds;
  std::vector<std::string> looked;
  if (!env.exe_dir.empty()) {
    for (const char* relative : {"/../share/domex", "/share/domex"}) {
      const std::string dir = env.exe_dir + relative;
      if (is_dir(dir)) return dir;
      looked.push_back(dir);
    }
  }
  std::string where;
  for (const std::string& dir : looked)
    where += (where.empty() ? "" : ", ") + dir;
  return Status::InvalidArgument(
      "seed tables not found (looked in " +
      (where.empty() ? std::string("no directory") : where) +
      "): pass --seeds DIR or set DOMEX_SEEDS");
}

Result<std::string> SeedsDir(const std::optional<std::string>& seeds_flag) {
  return SeedsDir(seeds_flag, CurrentEnvironment(), [](const std::string& d) {
    struct stat st;
    return stat(d.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  });
}

}  // namespace domex::cli
