// _noflat: the engine's entry points for the Python package noflat
// (python/noflat/__init__.py builds the API on these).
//
//   run(tool, args) -> (status, output)   one tool's command line (lib/cli),
//                                          output as the tool prints it
//   help(tool) -> str                      the tool's --help
//   read_network(path, format) -> dict     a network file in any format, as
//                                          the project's exact JSON
//
// Errors: InputError -> ValueError, LimitError -> noflat.LimitError,
// InternalError and other engine errors -> RuntimeError.  A computation runs
// on a worker thread with the GIL released; the calling thread checks for
// signals every 50 ms (and hands the tool's progress lines to a Python
// callback, core/progress.hpp), and on Ctrl-C asks the engine to stop
// (core/cancel.hpp), waits for it and raises KeyboardInterrupt.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/tool_mains.hpp"
#include "core/cancel.hpp"
#include "core/progress.hpp"
#include "core/error.hpp"
#include "io/network_file.hpp"

namespace py = pybind11;

namespace {

using ToolMain = int (*)(const std::vector<std::string>&, std::ostream&);

const std::map<std::string, ToolMain>& tools() {
  static const std::map<std::string, ToolMain> table = {
      {"rank-check", &nf::rank_check_main},
      {"verify-product", &nf::verify_product_main},
      {"verify-monomial", &nf::verify_monomial_main},
      {"evaluate-gate", &nf::evaluate_gate_main},
      {"certify-approx", &nf::certify_approx_main},
      {"prove-minimal", &nf::prove_minimal_main},
  };
  return table;
}

ToolMain find_tool(const std::string& name) {
  auto it = tools().find(name);
  if (it == tools().end()) throw py::value_error("no tool named '" + name + "'");
  return it->second;
}

// Runs `body` on a worker thread without the GIL; polls for signals; on a
// pending KeyboardInterrupt cancels the engine, waits for the worker and
// raises.  Exceptions of the worker are rethrown here.
template <class Result>
Result run_interruptibly(const std::function<Result()>& body, const py::object& progress = py::none()) {
  nf::reset_cancel();
  std::mutex lines_mutex;
  std::vector<std::string> lines;
  std::optional<nf::ProgressHandlerScope> progress_scope;
  if (!progress.is_none())
    progress_scope.emplace([&](const std::string& line) {
      std::lock_guard<std::mutex> lock(lines_mutex);
      lines.push_back(line);
    });
  auto deliver = [&] {  // with the GIL
    std::vector<std::string> pending;
    {
      std::lock_guard<std::mutex> lock(lines_mutex);
      pending.swap(lines);
    }
    for (const std::string& line : pending) progress(line);
  };
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  Result result{};
  std::exception_ptr error;
  std::thread worker([&] {
    try {
      result = body();
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
    done_cv.notify_all();
  });
  bool interrupted = false;
  std::exception_ptr callback_error;
  {
    py::gil_scoped_release release;
    std::unique_lock<std::mutex> lock(mutex);
    while (!done_cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
      lock.unlock();
      {
        py::gil_scoped_acquire acquire;
        if (!interrupted && PyErr_CheckSignals() != 0) {
          interrupted = true;
          nf::request_cancel();
        }
        if (!interrupted && !progress.is_none()) {
          try {
            deliver();
          } catch (py::error_already_set&) {  // the callback raised: stop, then re-raise
            interrupted = true;
            nf::request_cancel();
            callback_error = std::current_exception();
          }
        }
      }
      lock.lock();
    }
  }
  worker.join();
  nf::reset_cancel();
  progress_scope.reset();
  if (callback_error) std::rethrow_exception(callback_error);
  if (interrupted) throw py::error_already_set();
  if (!progress.is_none()) deliver();
  if (error) std::rethrow_exception(error);
  return result;
}

py::tuple run(const std::string& tool, const std::vector<std::string>& args, const py::object& progress) {
  const ToolMain main = find_tool(tool);
  auto outcome = run_interruptibly<std::pair<int, std::string>>(
      [&] {
        std::ostringstream out;
        const int status = main(args, out);
        return std::make_pair(status, out.str());
      },
      progress);
  return py::make_tuple(outcome.first, outcome.second);
}

std::string help(const std::string& tool) {
  std::ostringstream out;
  find_tool(tool)({"--help"}, out);
  return out.str();
}

py::dict read_network(const std::string& path, const std::string& format) {
  const std::optional<nf::NetworkFile> read = run_interruptibly<std::optional<nf::NetworkFile>>(
      [&] { return std::optional<nf::NetworkFile>(nf::read_network_file(path, nf::parse_network_format(format))); });
  const nf::NetworkFile& file = *read;
  py::dict out;
  out["json"] = nf::write_network_json(file.network, file.activation);
  out["activation"] = file.activation ? py::cast(*file.activation) : py::none();
  out["format"] = nf::to_string(file.format);
  py::dict precisions;
  precisions["a"] = nf::to_string(file.precisions.a);
  precisions["w"] = nf::to_string(file.precisions.w);
  precisions["b"] = nf::to_string(file.precisions.b);
  precisions["c"] = nf::to_string(file.precisions.c);
  out["precisions"] = precisions;
  return out;
}

}  // namespace

PYBIND11_MODULE(_noflat, m) {
  m.doc() = "The noflat engine's entry points (the API is the package noflat).";
  static py::exception<nf::LimitError> limit_error(m, "LimitError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const nf::LimitError& e) {
      limit_error(e.what());
    } catch (const nf::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const nf::Cancelled& e) {
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    } catch (const nf::InternalError& e) {
      PyErr_SetString(PyExc_RuntimeError, (std::string("internal error: ") + e.what() +
                                           " (an engine error; please report the input)").c_str());
    }
  });
  m.def("run", &run, py::arg("tool"), py::arg("args"), py::arg("progress") = py::none(),
        "Runs one tool's command line in-process: (exit status, output as the tool prints it); progress(line)\n"
        "receives the tool's progress lines (else they go to stderr).");
  m.def("help", &help, py::arg("tool"), "The tool's --help text.");
  m.def("read_network", &read_network, py::arg("path"), py::arg("format") = "auto",
        "Reads a network file in any supported format: {json, activation, format, precisions}.");
  m.def("tools", [] {
    std::vector<std::string> names;
    for (const auto& entry : tools()) names.push_back(entry.first);
    return names;
  });
}
