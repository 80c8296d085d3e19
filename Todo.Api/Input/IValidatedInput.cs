using Microsoft.AspNetCore.Http.HttpResults;

namespace Todo.Api.Input;

// A bound handler argument that knows whether the request got it right. InputValidationFilter answers
// with the first Problem it finds, so handlers only ever see valid input.
internal interface IValidatedInput
{
    ProblemHttpResult? Problem { get; }
}
