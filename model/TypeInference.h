#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heapline {

// The allocated type, read off a native stack: the allocator's and the container's template
// arguments on the frames between the allocation and the first frame of the user's own code.
//   std::allocator<T>::allocate, __gnu_cxx::new_allocator<T>, std::__new_allocator<T>  -> T
//   std::vector<T, …>, std::_Vector_base<T, …>                                          -> T
//   std::basic_string<char, …> (any namespace version)                                  -> std::string
//   std::make_shared<T>, std::allocate_shared<T, …>, std::make_unique<T>                -> T
//   std::__detail::_Hash_node<V, …>, std::_Rb_tree_node<V>, std::_List_node<V>          -> "V (… node)"
//   QArrayData / QListData under QString, QByteArray, QList<T> (QArrayDataPointer<T>)   -> that class
//   QArrayData / QListData alone                                                         -> the Qt class
// Container and factory frames win over the raw allocator's argument (a string's buffer is a
// std::string, not char). Returns nothing when no frame says.
class TypeInference {
public:
    // `functions` run from the allocation outward and end before the first user frame.
    static std::optional<std::string> infer(std::span<const std::string_view> functions);
    // Whether infer() can read anything from `function`: leaving out the functions it cannot
    // gives it the same answer.
    static bool mayRead(std::string_view function);

    // Shortens a C++ type as people write it: std::string for basic_string<char, …>, default
    // allocators, traits and comparators dropped, "> >" closed up.
    static std::string simplify(std::string_view type);

    // The template arguments of the first "<…>" after `name` in `text` (balanced brackets).
    static std::vector<std::string_view> templateArguments(std::string_view text, std::string_view name);
};

} // namespace heapline
