// A tiny program using the installed (find_package) or embedded (add_subdirectory) pawnotes: it
// creates an organization and an owner in an in-memory database and checks the owner's JSON.
#include <iostream>

#include <pawnotes/pawnotes.hpp>

int main() {
  try {
    pawnotes::Database db = pawnotes::Database::open(":memory:");
    const pawnotes::Organization org = db.create_organization("Consumer Org");
    const pawnotes::Scope admin{org.id, 0, {pawnotes::Role::Admin}};
    const nlohmann::json owner = db.create(admin, pawnotes::Entity::Owner,
                                           {{"firstName", "Ada"},
                                            {"lastName", "Lovelace"},
                                            {"address", "12 St James's Square"},
                                            {"city", "London"},
                                            {"telephone", "02079460000"}});
    std::cout << owner.dump() << "\n";
    const bool right = owner.at("id").get<std::int64_t>() > 0 && owner.at("firstName") == "Ada" &&
                       owner.at("lastName") == "Lovelace" && owner.at("email").is_null() &&
                       owner.at("dogs") == nlohmann::json::array() && owner.at("version") == 1 &&
                       db.get(admin, pawnotes::Entity::Owner, owner.at("id").get<std::int64_t>()) == owner;
    if (!right) {
      std::cerr << "unexpected owner JSON\n";
      return 1;
    }
    std::cout << "pawnotes " << pawnotes::version() << " works\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
