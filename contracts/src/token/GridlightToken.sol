// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title GridlightToken (GLT)
/// @notice Payment, node reward, collateral and governance vote of the Gridlight network.
/// ERC-20 with ERC-2612 permit, ERC-5805 votes (checkpointed, so governance reads past
/// balances and a flash loan has no weight) and burning. New supply only comes from
/// holders of MINTER_ROLE (the Emissions contract); the role admin is the timelock.
contract GridlightToken is ERC20, ERC20Burnable, ERC20Permit, ERC20Votes, AccessControl {
    /// @notice Role allowed to mint new supply (the supply-policy contract).
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @notice Genesis supply was minted.
    /// @param to Receiver of the genesis supply.
    /// @param amount Tokens minted at genesis.
    event GenesisMinted(address indexed to, uint256 amount);

    /// @param admin Holder of DEFAULT_ADMIN_ROLE (the deployer, who hands it to the timelock).
    /// @param genesisReceiver Receiver of the genesis supply.
    /// @param genesisSupply Tokens (18 decimals) minted at deployment.
    constructor(address admin, address genesisReceiver, uint256 genesisSupply)
        ERC20("Gridlight", "GLT")
        ERC20Permit("Gridlight")
    {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _mint(genesisReceiver, genesisSupply);
        emit GenesisMinted(genesisReceiver, genesisSupply);
    }

    /// @notice Mints new supply; only the supply-policy contract holds this role.
    /// @param to Receiver.
    /// @param amount Tokens to mint.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
