// Asking a model fixed at compile time for a capability it lacks (reasoning effort on gpt-4o) does not compile,
// and the diagnostic names the capability.
// expect: polyllm::static_model: this model does not take reasoning_effort
#include <polyllm/polyllm.hpp>

int main() {
    using model = polyllm::static_model<"gpt-4o">;
    model::require<polyllm::capability::reasoning_effort>();
}
