// Gradient checkpointing (see gradient_checkpoint.h).
#include "model/gradient_checkpoint.h"

#include <ATen/Context.h>

namespace cci::model {
namespace {

struct BodyHolder : torch::CustomClassHolder {
    explicit BodyHolder(CheckpointBody b) : body(std::move(b)) {}
    CheckpointBody body;
};

at::Generator generatorFor(const torch::Device& device) { return at::globalContext().defaultGenerator(device); }

struct CheckpointFunction : torch::autograd::Function<CheckpointFunction> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 torch::TensorList parameters, const c10::intrusive_ptr<BodyHolder>& holder) {
        auto generator = generatorFor(input.device());
        {
            std::lock_guard<std::mutex> lock(generator.mutex());
            ctx->saved_data["rng"] = generator.get_state();
        }
        ctx->saved_data["body"] = c10::IValue::make_capsule(holder);
        ctx->saved_data["parameters"] = std::int64_t(parameters.size());
        ctx->save_for_backward({input});
        for (std::size_t i = 0; i < parameters.size(); ++i) ctx->saved_data["p" + std::to_string(i)] = parameters[i];
        return holder->body(input);  // grad mode is off here: no activations are kept
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs) {
        const auto holder = c10::static_intrusive_pointer_cast<BodyHolder>(ctx->saved_data["body"].toCapsule());
        const std::int64_t count = ctx->saved_data["parameters"].toInt();
        std::vector<torch::Tensor> parameters;
        for (std::int64_t i = 0; i < count; ++i)
            parameters.push_back(ctx->saved_data["p" + std::to_string(i)].toTensor());
        const auto input = ctx->get_saved_variables()[0].detach().requires_grad_(true);

        // Recompute under the forward pass's random state, then give the generator its own state back.
        // (The generator's mutex is held only around get/set: dropout takes it itself.)
        auto generator = generatorFor(input.device());
        auto setState = [&](const torch::Tensor& state) {
            std::lock_guard<std::mutex> lock(generator.mutex());
            generator.set_state(state);
        };
        torch::Tensor now;
        {
            std::lock_guard<std::mutex> lock(generator.mutex());
            now = generator.get_state();
        }
        setState(ctx->saved_data["rng"].toTensor());
        torch::Tensor output;
        try {
            torch::AutoGradMode enable(true);
            output = holder->body(input);
        } catch (...) {
            setState(now);
            throw;
        }
        setState(now);
        std::vector<torch::Tensor> wrt = {input};
        wrt.insert(wrt.end(), parameters.begin(), parameters.end());
        auto grads = torch::autograd::grad({output}, wrt, {gradOutputs[0]}, /*retain_graph=*/false,
                                           /*create_graph=*/false, /*allow_unused=*/true);
        grads.push_back(torch::Tensor());  // the body holder is not a tensor
        return grads;
    }
};

}  // namespace

torch::Tensor checkpointed(const CheckpointBody& body, const torch::Tensor& input,
                           const std::vector<torch::Tensor>& parameters) {
    return CheckpointFunction::apply(input, torch::TensorList(parameters), c10::make_intrusive<BodyHolder>(body));
}

}  // namespace cci::model
