// Three-valued outcomes.  A verdict printed as Verified is a theorem about the
// input; a limit hit, or evidence short of proof, is Unknown with a reason.
#pragma once

#include <string>

namespace nf {

enum class Verdict { Verified, Refuted, Unknown };

inline const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Verified: return "verified";
    case Verdict::Refuted: return "refuted";
    case Verdict::Unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace nf
