#include "TypeInference.h"

#include <array>
#include <cctype>

namespace heapline {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

// Splits "a, b<c, d>, e" at top-level commas; `text` starts after a '<'. Sets `end` to the index
// of the matching '>' (npos if unbalanced).
std::vector<std::string_view> splitArguments(std::string_view text, size_t& end)
{
    std::vector<std::string_view> args;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<' || c == '(' || c == '[') {
            ++depth;
        } else if (c == '>' || c == ')' || c == ']') {
            if (depth == 0) {
                if (c != '>')
                    break;
                args.push_back(trim(text.substr(start, i - start)));
                end = i;
                return args;
            }
            --depth;
        } else if (c == ',' && depth == 0) {
            args.push_back(trim(text.substr(start, i - start)));
            start = i + 1;
        }
    }
    end = std::string_view::npos;
    return {};
}

bool isDefaultArgument(std::string_view arg)
{
    static constexpr std::array<std::string_view, 7> defaults = {
        "std::allocator<", "std::char_traits<", "std::less<", "std::hash<", "std::equal_to<", "std::default_delete<", "std::__cxx11::allocator<",
    };
    for (auto prefix : defaults)
        if (arg.starts_with(prefix))
            return true;
    return false;
}

std::string simplifyName(std::string_view name)
{
    std::string out(name);
    for (const std::string_view inline_ns : { "std::__cxx11::", "std::__1::", "std::__debug::" }) {
        for (size_t at; (at = out.find(inline_ns)) != std::string::npos;)
            out.replace(at, inline_ns.size(), "std::");
    }
    return out;
}

} // namespace

std::vector<std::string_view> TypeInference::templateArguments(std::string_view text, std::string_view name)
{
    const auto at = text.find(name);
    if (at == std::string_view::npos)
        return {};
    const auto open = at + name.size();
    if (open >= text.size() || text[open] != '<')
        return {};
    size_t end = 0;
    return splitArguments(text.substr(open + 1), end);
}

std::string TypeInference::simplify(std::string_view type)
{
    type = trim(type);
    const auto open = type.find('<');
    if (open == std::string_view::npos)
        return simplifyName(type);
    size_t end = 0;
    const auto args = splitArguments(type.substr(open + 1), end);
    if (end == std::string_view::npos)
        return simplifyName(type);
    const std::string name = simplifyName(type.substr(0, open));
    // What follows the arguments: " const" keeps its space ("std::string const"), "*" needs none.
    std::string rest = simplify(type.substr(open + 1 + end + 1));
    if (!rest.empty() && (std::isalnum(static_cast<unsigned char>(rest.front())) || rest.front() == '_'))
        rest.insert(0, " ");
    std::vector<std::string> kept;
    for (auto arg : args)
        kept.push_back(simplify(arg));
    if (name == "std::basic_string" && !kept.empty()) {
        const std::string& character = kept.front();
        const char* alias = character == "char" ? "std::string"
            : character == "wchar_t"            ? "std::wstring"
            : character == "char16_t"           ? "std::u16string"
            : character == "char32_t"           ? "std::u32string"
            : character == "char8_t"            ? "std::u8string"
                                                : nullptr;
        if (alias)
            return std::string(alias) + rest;
    }
    // Defaulted trailing arguments say nothing: std::vector<T, std::allocator<T>> is std::vector<T>.
    while (kept.size() > 1 && isDefaultArgument(kept.back()))
        kept.pop_back();
    std::string out = name + "<";
    for (size_t i = 0; i < kept.size(); ++i)
        out += (i ? ", " : "") + kept[i];
    out += ">";
    return out + rest;
}

namespace {
// The template arguments of `function` when its qualified name starts with `name<`: only the
// frame's own class or function template counts, never a parameter type.
std::vector<std::string_view> ownArguments(std::string_view function, std::string_view name)
{
    if (!function.starts_with(name) || function.size() <= name.size() || function[name.size()] != '<')
        return {};
    return TypeInference::templateArguments(function, name);
}
} // namespace

namespace {

// Rust's standard types as people write them: "String", not "alloc::string::String".
std::string simplifyRust(std::string_view type)
{
    std::string out(trim(type));
    for (const std::string_view path : { "alloc::string::", "alloc::vec::", "alloc::boxed::", "alloc::sync::",
             "alloc::rc::", "alloc::collections::btree::map::", "alloc::collections::btree::node::",
             "alloc::collections::vec_deque::", "std::collections::hash::map::", "core::option::", "hashbrown::map::" })
        for (size_t at; (at = out.find(path)) != std::string::npos;)
            out.erase(at, path.size());
    for (const std::string_view allocator : { ", alloc::alloc::Global", ", std::hash::random::RandomState" })
        for (size_t at; (at = out.find(allocator)) != std::string::npos;)
            out.erase(at, allocator.size());
    return out;
}

// The generic arguments of a Rust method's type, "<alloc::vec::Vec<u8>>::push" -> "u8", as v0
// symbols name them; a legacy symbol's "alloc::vec::Vec<T,A>::push" names only its parameters.
std::optional<std::string> rustArguments(std::string_view function, std::string_view type)
{
    if (!function.starts_with('<') || !function.substr(1).starts_with(type))
        return std::nullopt;
    const auto args = TypeInference::templateArguments(function.substr(1), type);
    if (args.empty())
        return std::nullopt;
    std::string joined;
    for (const auto arg : args)
        joined += (joined.empty() ? "" : ", ") + simplifyRust(arg);
    return simplifyRust(joined);
}

bool rustNamesType(std::string_view function, std::string_view type)
{
    return (function.starts_with('<') && function.substr(1).starts_with(type)) || function.starts_with(type);
}

// Rust's containers, from the allocation outward. A v0 symbol's arguments name the type, and the
// innermost says it first; but a String's buffer is a Vec<u8> inside, so a Vec<u8> waits for a
// String further out. A legacy symbol names only its parameters ("alloc::rc::Rc<T>::new" around
// "alloc::boxed::Box<T>::new"): the outermost such container is the one the program used.
// Nothing when no frame says.
std::optional<std::string> inferRust(std::span<const std::string_view> functions)
{
    struct Named {
        std::string_view path;
        std::string_view name;
        std::string_view label;
    };
    static constexpr std::array<Named, 9> types = { {
        { "alloc::boxed::Box", "Box", "" },
        { "alloc::sync::Arc", "Arc", "" },
        { "alloc::rc::Rc", "Rc", "" },
        { "alloc::collections::vec_deque::VecDeque", "VecDeque", "" },
        { "alloc::collections::btree::map::BTreeMap", "BTreeMap", " (tree node)" },
        { "std::collections::hash::map::HashMap", "HashMap", " (table)" },
        { "hashbrown::map::HashMap", "HashMap", " (table)" },
        { "alloc::vec::Vec", "Vec", "" },
        { "alloc::raw_vec::RawVec", "Vec", "" },
    } };
    std::optional<std::string> bytes, legacy;
    for (const auto function : functions) {
        if (rustNamesType(function, "alloc::string::String"))
            return std::string("String");
        if (bytes)
            continue;
        for (const std::string_view vec : { "alloc::raw_vec::RawVec", "alloc::vec::Vec" }) {
            const auto element = rustArguments(function, vec);
            if (element && *element == "u8")
                bytes = "Vec<u8>";
            else if (element)
                return "Vec<" + *element + ">";
        }
        if (bytes)
            continue;
        for (const auto& type : types) {
            if (auto args = rustArguments(function, type.path)) {
                // Rc::new and Arc::new box their counter and value together.
                for (const auto& [inner, name] : { std::pair<std::string_view, std::string_view> { "RcInner<", "Rc" },
                         { "RcBox<", "Rc" }, { "ArcInner<", "Arc" } })
                    if (type.name == "Box" && args->starts_with(inner) && args->ends_with('>'))
                        return std::string(name) + "<" + args->substr(inner.size(), args->size() - inner.size() - 1)
                            + ">";
                return std::string(type.name) + "<" + *args + ">" + std::string(type.label);
            }
            if (function.starts_with(type.path) && function.substr(type.path.size()).starts_with('<'))
                legacy = std::string(type.name) + std::string(type.label);
        }
        // A HashMap's table holds (K, V) tuples, a HashSet's (T, ()).
        if (const auto entry = rustArguments(function, "hashbrown::raw::RawTable")) {
            if (entry->size() > 2 && entry->front() == '(' && entry->back() == ')') {
                const std::string_view pair = std::string_view(*entry).substr(1, entry->size() - 2);
                if (pair.ends_with(", ()"))
                    return "HashSet<" + std::string(pair.substr(0, pair.size() - 4)) + "> (table)";
                return "HashMap<" + std::string(pair) + "> (table)";
            }
        }
        if (function.starts_with("hashbrown::raw::RawTable<"))
            legacy = "HashMap (table)";
    }
    return bytes ? bytes : legacy;
}

// "Message::operator new(unsigned long)", "ns::Node<int>::operator new[](unsigned long)"; not the
// global one, nor a template's argument that happens to name one.
bool isClassOperatorNew(std::string_view function)
{
    const size_t at = function.rfind("::operator new");
    if (at == std::string_view::npos || at == 0)
        return false;
    const std::string_view rest = function.substr(at + std::string_view("::operator new").size());
    return (rest.starts_with("(") || rest.starts_with("[](")) && function.find('(') > at;
}

} // namespace

bool TypeInference::mayRead(std::string_view function)
{
    // Every name infer() looks for starts with one of these.
    return function.starts_with("std::") || function.starts_with("__gnu_cxx::") || function.starts_with("QArrayData::")
        || function.starts_with("QListData::") || function.starts_with("QString::")
        || function.starts_with("QByteArray::") || function.starts_with("QList<") || function.starts_with("QVector<")
        || function.starts_with("QArrayDataPointer<") || function.starts_with("QTypedArrayData<")
        || function.starts_with("alloc::") || function.starts_with("<alloc::") || function.starts_with("hashbrown::")
        || function.starts_with("<hashbrown::") || function.starts_with("<std::") || isClassOperatorNew(function);
}

std::optional<std::string> TypeInference::infer(std::span<const std::string_view> functions)
{
    if (auto rust = inferRust(functions))
        return rust;
    std::optional<std::string> fromAllocator; // the innermost allocator's argument
    std::optional<std::string> qtData; // QArrayData or QListData, until a container frame names it
    for (const auto function : functions) {
        // A class's own operator new allocates that class (opnew.cpp: a message type counting
        // its allocations read "untyped", 40.8 MB of it).
        if (isClassOperatorNew(function))
            return simplify(function.substr(0, function.rfind("::operator new")));
        // Container and factory frames: the type a user recognises.
        for (const std::string_view string : { "std::__cxx11::basic_string", "std::basic_string", "std::__1::basic_string" }) {
            const auto args = ownArguments(function, string);
            if (!args.empty())
                return simplify(std::string("std::basic_string<") + std::string(args.front()) + ">");
        }
        for (const std::string_view factory : { "std::make_shared", "std::allocate_shared", "std::make_unique", "std::__make_shared" }) {
            const auto args = ownArguments(function, factory);
            if (!args.empty())
                return simplify(args.front());
        }
        for (const std::string_view container : { "std::vector", "std::_Vector_base", "std::__cxx11::vector" }) {
            const auto args = ownArguments(function, container);
            if (!args.empty())
                return simplify(args.front());
        }
        // Qt's containers: the class whose data QArrayData allocated (QString, QByteArray, a list
        // of T), where a frame further out names it; QArrayData alone where none does.
        if (function.starts_with("QArrayData::") || function.starts_with("QListData::")) {
            if (!qtData)
                qtData = std::string(function.substr(0, function.find("::")));
            continue;
        }
        if (qtData) {
            for (const std::string_view qtClass : { "QString::", "QByteArray::" })
                if (function.starts_with(qtClass))
                    return std::string(qtClass.substr(0, qtClass.size() - 2));
            for (const std::string_view qtList : { "QList", "QVector", "QArrayDataPointer", "QTypedArrayData" }) {
                const auto args = ownArguments(function, qtList);
                if (!args.empty())
                    return (qtList == "QVector" ? std::string("QVector<") : std::string("QList<"))
                        + simplify(args.front()) + ">";
            }
            continue;
        }
        if (fromAllocator)
            continue;
        // The bucket array, where the allocator's own frame was inlined into it.
        if (function.starts_with("std::__detail::_Hashtable_alloc<")
            && function.find("::_M_allocate_buckets(") != std::string_view::npos) {
            fromAllocator = std::string("hash table buckets");
            continue;
        }
        for (const std::string_view allocator :
             { "std::allocator", "__gnu_cxx::new_allocator", "std::__new_allocator", "std::allocator_traits" }) {
            auto args = ownArguments(function, allocator);
            if (args.empty())
                continue;
            std::string_view element = args.front();
            // allocator_traits<A<T>> names the allocator as its argument: std::allocator or one
            // of the program's own (counting_allocator<std::_Rb_tree_node<…>>: a map's nodes had
            // been typed by the allocator's name).
            if (const auto open = element.find('<'); open != std::string_view::npos) {
                const std::string_view name = element.substr(0, open);
                if (name.ends_with("allocator") || name.ends_with("Allocator")) {
                    const auto inner = templateArguments(element, name);
                    if (!inner.empty())
                        element = inner.front();
                }
            }
            // Nodes of the node-based containers carry the element they hold.
            struct Node {
                std::string_view name;
                const char* label;
            };
            static constexpr std::array<Node, 4> nodes = { { { "std::__detail::_Hash_node", " (hash node)" },
                                                             { "std::_Rb_tree_node", " (tree node)" },
                                                             { "std::_List_node", " (list node)" },
                                                             { "std::_Sp_counted_ptr_inplace", " (shared)" } } };
            std::string type;
            for (const auto& node : nodes) {
                if (element.starts_with(node.name)) {
                    const auto inner = templateArguments(element, node.name);
                    if (!inner.empty())
                        type = simplify(inner.front()) + node.label;
                }
            }
            if (type.empty())
                type = element.starts_with("std::__detail::_Hash_node_base*") ? std::string("hash table buckets") : simplify(element);
            fromAllocator = type;
            break;
        }
    }
    return qtData ? qtData : fromAllocator;
}

} // namespace heapline
