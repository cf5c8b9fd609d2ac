#include "mpi/mpi_job.hpp"

#include <flint/flint.h>
#include <mpi.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace nf {
namespace {

constexpr int kTagWork = 17;   // worker -> rank 0: results of the units held
constexpr int kTagUnits = 18;  // rank 0 -> worker: the next units (none: stop)

void put_u64(std::string& out, std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
std::uint64_t get_u64(const std::string& in, std::size_t& pos) {
  if (in.size() - pos < sizeof(std::uint64_t)) throw InternalError("MPI: a short message");
  std::uint64_t v = 0;
  std::memcpy(&v, in.data() + pos, sizeof v);
  pos += sizeof v;
  return v;
}

// Waits for a matching message without spinning a core: MPI's blocking calls
// busy-poll, which on an oversubscribed machine takes CPU from the workers.
MPI_Status wait_for(int source, int tag) {
  MPI_Status status;
  int flag = 0;
  for (unsigned idle = 0;; ++idle) {
    MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &status);
    if (flag) return status;
    if (idle < 50) sched_yield();
    else std::this_thread::sleep_for(std::chrono::microseconds(idle < 1000 ? 100 : 1000));
  }
}

std::string receive(int source, int tag, int& from) {
  MPI_Status status = wait_for(source, tag);
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string bytes(static_cast<std::size_t>(count), '\0');
  MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  from = status.MPI_SOURCE;
  return bytes;
}

void send(const std::string& bytes, int dest, int tag) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) throw InternalError("MPI: a message above 2 GB");
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}

}  // namespace

// ---------------------------------------------------------------- rank 0

class MpiJob::Executor : public UnitExecutor {
 public:
  explicit Executor(int size) : size_(size) {}
  bool served = false;

  void serve(const SearchPlan& plan, const std::function<std::optional<std::uint64_t>()>& next_unit,
             const std::function<void(std::uint64_t, UnitResult&&)>& unit_done) override {
    served = true;
    // 2. go, with the sinks' needs (the plan's units depend on them only through what is reported).
    int go[3] = {1, plan.needs().all_candidates ? 1 : 0, plan.needs().witnesses ? 1 : 0};
    MPI_Bcast(go, 3, MPI_INT, 0, MPI_COMM_WORLD);
    int mine = 0, remote_threads = 0;
    MPI_Reduce(&mine, &remote_threads, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    const std::uint64_t units = plan.units();
    int stopped = 0;
    while (stopped < remote_threads) {
      int from = 0;
      const std::string msg = receive(MPI_ANY_SOURCE, kTagWork, from);
      std::size_t pos = 0;
      const std::uint64_t held = get_u64(msg, pos);
      for (std::uint64_t k = 0; k < held; ++k) {
        const std::uint64_t unit = get_u64(msg, pos);
        const std::uint64_t length = get_u64(msg, pos);
        if (msg.size() - pos < length) throw InternalError("MPI: a short message");
        unit_done(unit, decode_unit_result(msg.substr(pos, length)));
        pos += length;
      }
      // Guided self-scheduling: about remaining / (4 threads), at most 64.
      std::string reply;
      std::vector<std::uint64_t> next;
      if (auto first = next_unit()) {
        next.push_back(*first);
        const std::uint64_t remaining = units > *first ? units - *first : 0;
        const std::uint64_t chunk =
            std::clamp<std::uint64_t>(remaining / (4 * std::uint64_t(remote_threads + 1)), 1, 64);
        while (next.size() < chunk)
          if (auto u = next_unit()) next.push_back(*u);
          else break;
      }
      put_u64(reply, next.size());
      for (std::uint64_t u : next) put_u64(reply, u);
      send(reply, from, kTagUnits);
      if (next.empty()) ++stopped;
    }
  }

  void release() {
    if (served || size_ < 2) return;
    served = true;
    int go[3] = {0, 0, 0};
    MPI_Bcast(go, 3, MPI_INT, 0, MPI_COMM_WORLD);
  }

 private:
  int size_;
};

MpiJob::MpiJob(int& argc, char**& argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw InputError("the MPI library does not support MPI_THREAD_SERIALIZED");
  }
  executor_ = std::make_unique<Executor>(size_);
}

MpiJob::~MpiJob() {
  if (rank_ == 0) executor_->release();
  MPI_Finalize();
}

UnitExecutor& MpiJob::executor() { return *executor_; }

// ---------------------------------------------------------------- ranks 1..K-1

bool MpiJob::work(const CaseSplitSpec* spec, const ShardSpec& shard, unsigned threads) {
  std::unique_ptr<CaseSplit> split;
  try {
    if (spec) split = std::make_unique<CaseSplit>(*spec);
  } catch (const std::exception&) {  // rank 0 reports it
  }
  if (!split) threads = 0;
  int go[3] = {0, 0, 0};
  MPI_Bcast(go, 3, MPI_INT, 0, MPI_COMM_WORLD);
  if (!go[0]) return false;
  if (split && threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  int mine = static_cast<int>(threads), total = 0;
  MPI_Reduce(&mine, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (!split) return true;
  const SearchPlan plan(*split, shard, SinkNeeds{go[1] != 0, go[2] != 0});
  std::mutex mpi;  // MPI_THREAD_SERIALIZED: one thread in MPI at a time
  auto thread_main = [&] {
    try {
      UnitWorker worker(plan);
      std::string results;
      put_u64(results, 0);
      while (true) {
        std::string reply;
        {
          std::lock_guard<std::mutex> lock(mpi);
          send(results, 0, kTagWork);
          int from = 0;
          reply = receive(0, kTagUnits, from);
        }
        std::size_t pos = 0;
        const std::uint64_t count = get_u64(reply, pos);
        if (count == 0) return;
        results.clear();
        put_u64(results, count);
        for (std::uint64_t k = 0; k < count; ++k) {
          const std::uint64_t unit = get_u64(reply, pos);
          const std::string bytes = encode_unit_result(worker.run(unit));
          put_u64(results, unit);
          put_u64(results, bytes.size());
          results += bytes;
        }
      }
    } catch (const std::exception& e) {
      int rank = 0;
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
      std::cerr << "prove-minimal: rank " << rank << ": internal error: " << e.what() << std::endl;
      MPI_Abort(MPI_COMM_WORLD, 5);
    }
    flint_cleanup();
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(thread_main);
  for (auto& t : pool) t.join();
  return true;
}

}  // namespace nf
